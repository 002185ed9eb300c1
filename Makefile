# The two commands of the README's quick start. Both install whatever is missing first.
.PHONY: demo test bench demo-screenshots

demo:  ## serve a demo database with the three addons on http://localhost:8069
	@tools/hcrm.sh demo

test:  ## build a fresh test database and run every test (repo-level, Odoo, browser tours)
	@tools/hcrm.sh test

bench:  ## the demo clinic multiplied to 10k and 100k patients by SQL, checked, then each screen and job timed (ORM vs SQL floor)
	@tools/hcrm.sh bench

demo-screenshots:  ## each role's main screens of the demo, as PNG files in .local/screenshots
	@tools/hcrm.sh screenshots
