"""Translation: one ``tr()`` with a fixed context, and the translator for the user's locale.

Every user-facing string in planmaint goes through this module-level ``tr``. pylupdate5 files the strings
of bare ``tr("…")`` calls under the context "@default" (it cannot see a class context there), so that is
the context looked up at run time too; per-class translate() contexts would never reach the .ts file.
"""
import os

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

CONTEXT = "@default"
I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n")


def tr(text):
    return QCoreApplication.translate(CONTEXT, text)


def user_locale():
    """The locale QGIS shows its interface in.

    QGIS desktop writes it to locale/userLocale at every start, whichever way it was chosen (``--lang``, the
    override in the options, the system locale); headless runs without that setting use the system's.
    """
    name = QgsSettings().value("locale/userLocale", "", type=str)
    return name or QLocale().name()


def install_translator(locale=None):
    """Install the planmaint translator for ``locale`` (default: the user's); fall back zh_CN → zh.

    Returns the installed QTranslator, or None when no translation exists (English stays).
    """
    locale = (locale or user_locale()).replace("-", "_")  # QGIS names Chinese zh-Hans / zh-Hant
    candidates = [locale, locale.split("_")[0]]
    if candidates[1] == "zh":
        candidates.append("zh_CN")
    for name in candidates:
        path = os.path.join(I18N_DIR, f"planmaint_{name}.qm")
        if os.path.exists(path):
            translator = QTranslator()
            if translator.load(path):
                QgsApplication.installTranslator(translator)
                return translator
    return None
