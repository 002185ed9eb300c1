from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRoles(TransactionCase):
    """The four Clinic CRM groups, what they imply and which menus they open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        prefix = "healthcare_crm.group_healthcare_"
        cls.users = {
            role: new_test_user(cls.env, login=f"hc_{role}", groups=prefix + role)
            for role in ("receptionist", "manager", "clinician", "marketing")
        }
        cls.employee = new_test_user(cls.env, login="hc_employee", groups="base.group_user")

    def _has(self, role, group):
        return self.users[role].has_group(f"healthcare_crm.group_healthcare_{group}")

    def test_every_role_includes_front_desk_access(self):
        for role in self.users:
            self.assertTrue(self._has(role, "receptionist"), role)

    def test_manager_is_neither_clinician_nor_marketing(self):
        self.assertTrue(self._has("manager", "manager"))
        self.assertFalse(self._has("manager", "clinician"))
        self.assertFalse(self._has("manager", "marketing"))
        self.assertFalse(self._has("receptionist", "manager"))
        self.assertFalse(self._has("clinician", "manager"))

    def _visible(self, user, menu_xmlid):
        menu = self.env.ref(menu_xmlid)
        return menu.id in self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_app_menu_visible_to_clinic_staff_only(self):
        for role, user in self.users.items():
            self.assertTrue(self._visible(user, "healthcare_crm.menu_patients"), role)
        self.assertFalse(self._visible(self.employee, "healthcare_crm.menu_root"))

    def test_configuration_menu_for_managers(self):
        self.assertTrue(self._visible(self.users["manager"], "healthcare_crm.menu_configuration"))
        self.assertFalse(self._visible(self.users["receptionist"], "healthcare_crm.menu_configuration"))

    def test_app_is_labelled_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["healthcare_crm"], ["es_ES"], overwrite=True)
        menu = self.env.ref("healthcare_crm.menu_root").with_context(lang="es_ES")
        self.assertEqual(menu.name, "CRM Clínica")
        self.assertEqual(self.env.ref("healthcare_crm.menu_patients").with_context(lang="es_ES").name, "Pacientes")
