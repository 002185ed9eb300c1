"""The appointment reminder's template reads the date and the patient's link from the appointment
(one render for a whole batch) instead of from the context of one mail: the template is kept
(noupdate), with whatever the clinic changed in it, in every language, only these two read anew."""

REPLACEMENTS = (
    ("ctx.get('when')", "object.patient_local_start_text"),
    ("ctx.get('patient_url')", "object.patient_url"),
)


def migrate(cr, version):
    cr.execute(
        """SELECT res_id FROM ir_model_data
            WHERE module = 'healthcare_crm_messaging' AND name = 'mail_template_appointment_reminder'"""
    )
    row = cr.fetchone()
    if not row:
        return
    for old, new in REPLACEMENTS:
        cr.execute(
            "UPDATE mail_template SET body_html = replace(body_html::text, %s, %s)::jsonb WHERE id = %s",
            [old, new, row[0]],
        )
