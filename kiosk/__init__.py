"""Nature-en-ville kiosk: the touchscreen application of the travelling visitor centre."""

__version__ = "0.1.0"
APP_NAME = "nature-en-ville-kiosk"
