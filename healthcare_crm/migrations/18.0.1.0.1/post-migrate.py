def migrate(cr, version):
    """Quotes decided before the decision date existed: the day their follow-up stage last
    changed (from its tracking), else the day they were last written."""
    cr.execute(
        """UPDATE sale_order o
              SET decision_date = COALESCE(
                  (SELECT MAX(m.date)::date
                     FROM mail_tracking_value v
                     JOIN mail_message m ON m.id = v.mail_message_id
                     JOIN ir_model_fields f ON f.id = v.field_id
                    WHERE m.model = 'sale.order' AND m.res_id = o.id
                      AND f.model = 'sale.order' AND f.name = 'followup_stage_id'),
                  o.write_date::date)
            WHERE o.followup_outcome IN ('accepted', 'rejected') AND o.decision_date IS NULL"""
    )
