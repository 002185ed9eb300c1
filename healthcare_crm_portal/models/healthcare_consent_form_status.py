"""What a quote or an appointment shows of its informed consents (see sale_order_consent.py and
calendar_event_consent.py, which share these helpers)."""

CONSENT_STATES = [("none", "Not sent"), ("pending", "Waiting for signature"), ("signed", "Signed")]


def consent_state(forms):
    """Signed once every consent sent (and not withdrawn) is signed; waiting while one is not."""
    forms = forms.filtered(lambda form: form.state != "cancelled")
    if not forms:
        return "none"
    return "signed" if all(form.state == "signed" for form in forms) else "pending"


def send_action(env, context):
    return {
        "type": "ir.actions.act_window",
        "name": env._("Send Informed Consents"),
        "res_model": "healthcare.consent.form.send",
        "view_mode": "form",
        "target": "new",
        "context": context,
    }


def list_action(env, domain, context=None):
    return {
        "type": "ir.actions.act_window",
        "name": env._("Informed Consents"),
        "res_model": "healthcare.consent.form",
        "view_mode": "list,form",
        "domain": domain,
        "context": context or {},
    }
