"""The words of the e-mails the services send, in German (de-AT) and English: one place per
text, looked up by key like the bot's spoken phrases (integrations/dialogue/phrases.py).

A text is a format string; `email_text` fills it. Figures and dates are formatted by the caller
in the reader's language (services/local_formats.py) before they go in.
"""

from __future__ import annotations

EMAIL_TEXTS: dict[str, dict[str, str]] = {
    # The trial's end (services/trial.py): the reminder three days before, and the sentence
    # pair the dashboard shows while the trial runs.
    "trial_ending_subject": {
        "de": "Ihre VoiceAgent-Testphase endet am {day}",
        "en": "Your VoiceAgent trial ends on {day}",
    },
    "trial_ending_body": {
        "de": "Hallo {name},\n\n{after_trial}\n{link}\nIhr VoiceAgent-Team\n",
        "en": "Hello {name},\n\n{after_trial}\n{link}\nYour VoiceAgent team\n",
    },
    "after_trial": {
        "de": "Ihre Testphase endet am {day}. Danach läuft Ihr Konto im Tarif {plan} weiter "
        "({fee} im Monat plus Minuten und Nummern laut Preisliste), abgerechnet am "
        "Monatsanfang. Wenn Sie nicht weitermachen möchten, kündigen Sie vorher unter Rechnungen "
        "– dann fällt keine Grundgebühr an.",
        "en": "Your trial ends on {day}. After that your account goes on on the {plan} plan "
        "({fee} a month plus minutes and numbers as in the price list), invoiced at the start "
        "of each month. If you do not want to go on, cancel under Billing before then: then no "
        "base fee is charged.",
    },
    "default_plan": {"de": "Standard", "en": "standard"},
    # The same for a sign-up without a payment method (services/payment_method.py).
    "after_trial_without_payment_method": {
        "de": "Ihre Testphase endet am {day}. Damit Ihre Bots danach weiter Anrufe annehmen, "
        "hinterlegen Sie bitte vorher ein Zahlungsmittel; ohne eines nehmen sie ab dann keine "
        "Anrufe an, bis Sie eines hinterlegen. Ihr Konto läuft im Tarif {plan} weiter ({fee} im "
        "Monat plus Minuten und Nummern laut Preisliste), abgerechnet am Monatsanfang. Wenn Sie "
        "nicht weitermachen möchten, kündigen Sie vorher unter Rechnungen.",
        "en": "Your trial ends on {day}. For your bots to keep taking calls after that, please "
        "add a payment method before then; without one they take no calls from then on, until "
        "you add one. Your account goes on on the {plan} plan ({fee} a month plus minutes and "
        "numbers as in the price list), invoiced at the start of each month. If you do not want "
        "to go on, cancel under Billing before then.",
    },
    "add_payment_method_link": {
        "de": "Zahlungsmittel hinterlegen: {link}",
        "en": "Add a payment method: {link}",
    },
    # The dashboard once a sign-up's trial is over without a payment method.
    "trial_over_without_payment_method": {
        "de": "Ihre Testphase ist am {day} zu Ende gegangen. Ihre Bots nehmen keine Anrufe an, "
        "bis Sie ein Zahlungsmittel hinterlegen.",
        "en": "Your trial ended on {day}. Your bots take no calls until you add a payment method.",
    },
    # A cancellation's confirmation (services/subscriptions.py).
    "cancelled_subject": {
        "de": "Ihr VoiceAgent-Abo ist gekündigt",
        "en": "Your VoiceAgent subscription is cancelled",
    },
    "cancelled_body": {
        "de": "Hallo {name},\n\nwir bestätigen Ihre Kündigung. Ihr Abo läuft bis "
        "einschließlich {day}; bis dahin nehmen Ihre Bots Anrufe an wie bisher. Danach werden "
        "Ihre Bots pausiert und Ihre Rufnummern freigegeben, und es fallen keine Gebühren mehr "
        "an. Die letzte Rechnung kommt zu Beginn des Folgemonats.\n\nSie können die "
        "Kündigung bis dahin unter Rechnungen zurücknehmen. Anrufe, Rechnungen und "
        "Einstellungen bleiben für Sie einsehbar.\n\nIhr VoiceAgent-Team\n",
        "en": "Hello {name},\n\nwe confirm your cancellation. Your subscription runs up to "
        "and including {day}; until then your bots take calls as before. After that your bots "
        "are paused and your phone numbers released, and no more fees are charged. The last "
        "invoice comes at the start of the following month.\n\nUntil then you can withdraw "
        "the cancellation under Billing. Calls, invoices and settings stay there for you to "
        "see.\n\nYour VoiceAgent team\n",
    },
    # The spending limit (services/spending.py): at 80 % and at 100 %, once each a month.
    "spending_80_subject": {
        "de": "VoiceAgent: 80 % Ihres Ausgabenlimits erreicht",
        "en": "VoiceAgent: 80 % of your spending limit reached",
    },
    "spending_80_body": {
        "de": "Hallo {name},\n\nIhre Kosten in diesem Monat betragen bisher {spent} (netto), "
        "das sind 80 % Ihres Limits von {limit}.\n\nErreichen sie das Limit, nehmen Ihre "
        "Bots keine Anrufe mehr an, bis Sie es erhöhen. Das Limit ändern Sie hier:\n"
        "{link}\n\nIhr VoiceAgent-Team\n",
        "en": "Hello {name},\n\nYour costs this month are {spent} so far (net), 80 % of your "
        "limit of {limit}.\n\nWhen they reach the limit, your bots stop taking calls "
        "until you raise it. You can change the limit here:\n{link}\n\n"
        "Your VoiceAgent team\n",
    },
    "spending_100_subject": {
        "de": "VoiceAgent: Ausgabenlimit erreicht – Ihre Bots nehmen keine Anrufe an",
        "en": "VoiceAgent: spending limit reached – your bots take no calls",
    },
    "spending_100_body": {
        "de": "Hallo {name},\n\nIhre Kosten in diesem Monat haben Ihr Limit von {limit} "
        "erreicht (bisher {spent}, netto). Ihre Bots nehmen deshalb keine Anrufe mehr an; "
        "Anrufer hören, dass der Anschluss gerade nicht erreichbar ist.\n\nWenn Sie das "
        "Limit erhöhen oder entfernen, geht es sofort weiter:\n{link}\n\nSonst beginnt "
        "das Limit mit dem nächsten Monat von vorn.\n\nIhr VoiceAgent-Team\n",
        "en": "Hello {name},\n\nYour costs this month have reached your limit of {limit} "
        "({spent} so far, net). Your bots therefore take no more calls; callers hear "
        "that the line cannot be reached right now.\n\nRaise or remove the limit and "
        "calls come through again at once:\n{link}\n\nOtherwise the limit starts afresh "
        "next month.\n\nYour VoiceAgent team\n",
    },
}


def email_text(key: str, locale: str, **values: object) -> str:
    texts = EMAIL_TEXTS[key]
    text = texts["de"] if locale.startswith("de") else texts["en"]
    return text.format(**values) if values else text
