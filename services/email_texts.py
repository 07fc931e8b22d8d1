"""The e-mails the services send, by key: each an English template whose German is in the
catalogue (core/locale), translated for the reader when the e-mail is written.

A text is a format string; `email_text` fills it. Figures and dates are formatted by the caller
in the reader's language (services/local_formats.py) before they go in.
"""

from __future__ import annotations

from core.catalogue import N_, translate

EMAIL_TEXTS: dict[str, str] = {
    # The trial's end (services/trial.py): the reminder three days before, and the sentence
    # pair the dashboard shows while the trial runs.
    "trial_ending_subject": N_("Your VoiceAgent trial ends on {day}"),
    "trial_ending_body": N_("Hello {name},\n\n{after_trial}\n{link}\nYour VoiceAgent team\n"),
    "after_trial": N_(
        "Your trial ends on {day}. After that your account goes on on the {plan} plan "
        "({fee} a month plus minutes and numbers as in the price list), invoiced at the "
        "start of each month. If you do not want to go on, cancel under Billing before "
        "then: then no base fee is charged."
    ),
    "default_plan": N_("standard"),
    # The same for a sign-up without a payment method (services/payment_method.py).
    "after_trial_without_payment_method": N_(
        "Your trial ends on {day}. For your bots to keep taking calls after that, please "
        "add a payment method before then; without one they take no calls from then on, "
        "until you add one. Your account goes on on the {plan} plan ({fee} a month plus "
        "minutes and numbers as in the price list), invoiced at the start of each month. "
        "If you do not want to go on, cancel under Billing before then."
    ),
    "add_payment_method_link": N_("Add a payment method: {link}"),
    # The dashboard once a sign-up's trial is over without a payment method.
    "trial_over_without_payment_method": N_(
        "Your trial ended on {day}. Your bots take no calls until you add a payment method."
    ),
    # A cancellation's confirmation (services/subscriptions.py).
    "cancelled_subject": N_("Your VoiceAgent subscription is cancelled"),
    "cancelled_body": N_(
        "Hello {name},\n\nwe confirm your cancellation. Your subscription runs up to and "
        "including {day}; until then your bots take calls as before. After that your "
        "bots are paused and your phone numbers released, and no more fees are charged. "
        "The last invoice comes at the start of the following month.\n\nUntil then you "
        "can withdraw the cancellation under Billing. Calls, invoices and settings stay "
        "there for you to see.\n\nYour VoiceAgent team\n"
    ),
    # The spending limit (services/spending.py): at 80 % and at 100 %, once each a month.
    "spending_80_subject": N_("VoiceAgent: 80 % of your spending limit reached"),
    "spending_80_body": N_(
        "Hello {name},\n\nYour costs this month are {spent} so far (net), 80 % of your limit "
        "of {limit}.\n\nWhen they reach the limit, your bots stop taking calls until you "
        "raise it. You can change the limit here:\n{link}\n\nYour VoiceAgent team\n"
    ),
    "spending_100_subject": N_("VoiceAgent: spending limit reached – your bots take no calls"),
    "spending_100_body": N_(
        "Hello {name},\n\nYour costs this month have reached your limit of {limit} ({spent} "
        "so far, net). Your bots therefore take no more calls; callers hear that the line "
        "cannot be reached right now.\n\nRaise or remove the limit and calls come through "
        "again at once:\n{link}\n\nOtherwise the limit starts afresh next month.\n\nYour "
        "VoiceAgent team\n"
    ),
    # Accounts: password reset, invitation, sign-up (services/password_reset.py, team.py,
    # signup.py), and staff's answer to a ticket (services/support.py).
    "password_reset_subject": N_("Your new VoiceAgent password"),
    "password_reset_body": N_(
        "Hello {name},\n\nchoose a new password with this link:\n{link}\n\nThe link "
        "works once, for one hour. If you did not ask for it, just ignore this e-mail.\n"
        "\nYour VoiceAgent team\n"
    ),
    "invitation_subject": N_("Your invitation to {company} on VoiceAgent"),
    "invitation_body": N_(
        "Hello {name},\n\n{inviter} invites you to join {company}. Choose your password "
        "here:\n{link}\n\nThe link works for seven days.\n"
    ),
    "signup_subject": N_("Finish your VoiceAgent sign-up"),
    "signup_body": N_(
        "Hello {name},\n\nchoose your password and finish your VoiceAgent sign-up with "
        "this link:\n{link}\n\nThe link works for 24 hours. If you did not sign up, just "
        "ignore this e-mail.\n\nYour VoiceAgent team\n"
    ),
    "already_registered_subject": N_("You already have a VoiceAgent account"),
    "already_registered_body": N_(
        "Hello {name},\n\nsomeone (perhaps you) tried to create a new VoiceAgent account "
        "with this e-mail address. You already have one.\n\nLog in: {portal_url}/login\n"
        "Forgot your password? {portal_url}/forgot-password\n\nIf that was not you, just "
        "ignore this e-mail.\n\nYour VoiceAgent team\n"
    ),
    "support_reply_subject": N_("Reply to your request: {subject}"),
    "support_reply_body": N_(
        'Hello {name},\n\nour support team has answered your request "{subject}". You '
        "can read the answer here:\n{link}\n\nYour VoiceAgent team\n"
    ),
    # A message the bot took, to the account's administrators (services/messages.py).
    "message_taken_subject": N_("New message from {who}"),
    "message_taken_body": N_(
        "Hello {name},\n\n{bot} took a message on {when} (Vienna time).\n\nFrom: {who}\n"
        "Number: {number}\nAbout: {about}\n\n{all_messages}Your VoiceAgent team\n"
    ),
    "all_messages_link": N_("All messages: {link}\n\n"),
}


def email_text(key: str, locale: str, **values: object) -> str:
    return translate(locale, EMAIL_TEXTS[key], values)
