"""Translation: one ``tr()`` with a fixed context, and the translator for the user's locale.

Every user-facing string in planmaint goes through this module-level ``tr``. pylupdate5 files the strings
of bare ``tr("…")`` calls under the context "@default" (it cannot see a class context there), so that is
the context looked up at run time too; per-class translate() contexts would never reach the .ts file.
"""
import contextlib
import os
import threading

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

CONTEXT = "@default"
I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n")


# The language a run asked for (``language``), per thread: Processing runs each algorithm in a task thread of
# its own, so one run writing a Chinese deliverable does not change the words of the desktop or of another run.
_chosen = threading.local()
_translators = {}


def tr(text):
    """``text`` in the language of the current run when it chose one (``language``), else in the interface's."""
    lang = getattr(_chosen, "lang", None)
    if lang is None:
        return QCoreApplication.translate(CONTEXT, text)
    if lang == "en":
        return text
    translator = _translators.get(lang)
    if translator is None:
        translator = _translators[lang] = _load_translator(lang) or False
    # As bytes: PyQt passes str arguments of QTranslator.translate (const char *) as ASCII, the source texts are UTF-8.
    return (translator.translate(CONTEXT.encode(), text.encode("utf-8")) if translator else "") or text


@contextlib.contextmanager
def language(lang):
    """Within the block, ``tr`` of this thread speaks ``lang`` ("en", "zh"; None: the interface's language)."""
    previous = getattr(_chosen, "lang", None)
    _chosen.lang = lang
    try:
        yield
    finally:
        _chosen.lang = previous


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
    translator = _load_translator(locale or user_locale())
    if translator is not None:
        QgsApplication.installTranslator(translator)
    return translator


def _load_translator(locale):
    """The planmaint QTranslator of ``locale`` (not installed), falling back zh_CN → zh; None without one."""
    locale = locale.replace("-", "_")  # QGIS names Chinese zh-Hans / zh-Hant
    candidates = [locale, locale.split("_")[0]]
    if candidates[1] == "zh":
        candidates.append("zh_CN")
    for name in candidates:
        path = os.path.join(I18N_DIR, f"planmaint_{name}.qm")
        if os.path.exists(path):
            translator = QTranslator()
            if translator.load(path):
                return translator
    return None
