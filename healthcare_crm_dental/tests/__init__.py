from . import test_odontogram_js
