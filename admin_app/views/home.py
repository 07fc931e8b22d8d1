"""The home page: the platform at a glance."""

from __future__ import annotations

from flask import current_app
from flask_admin import AdminIndexView, expose

from admin_app.access import RoleAccess
from admin_app.charts import bar_chart
from admin_app.database import staff_db
from admin_app.home_cache import cached_home_figures
from services.platform_stats import vienna_today


class HomeView(RoleAccess, AdminIndexView):
    @expose("/")
    def index(self) -> str:
        figures = cached_home_figures(
            client=current_app.extensions["voiceagent.redis"],
            session=staff_db(),
            today=vienna_today(),
        )
        chart = bar_chart([(d.day.strftime("%d.%m."), d.minutes) for d in figures.daily_minutes])
        return self.render("admin/home.html", figures=figures, chart=chart)
