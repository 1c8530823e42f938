"""Formats for ``qcity validate``: text lines, JSON objects, GitHub annotations.

Messages are put in the reader's language here, when printed (``lang``); the code,
the place and the quoted values stay as they are, so a CI filter on ``Q203`` works in
either language.  JSON keeps the message's key and arguments beside its text."""

from __future__ import annotations

import json

from qcity.codes import name
from qcity.diagtext import as_json
from qcity.actuals.store import MAX_ERRORS
from qcity.errors import WARNING, Diagnostic

FORMATS = ("text", "json", "github")


def as_dict(d: Diagnostic, lang: str = "en") -> dict:
    loc = d.location
    # a workbook's place: line and col are the cell's row and column, "cell" names it;
    # "key" is the column or plan key, "message_key" + "args" what the message says
    return {"path": loc.path, "line": loc.line, "col": loc.col, "cell": loc.cell,
            "severity": d.severity, "code": d.code, "name": name(d.code), "key": loc.key,
            "message": d.text(lang), "message_key": d.message_key,
            "args": as_json(d.args) if d.args is not None else None}


def _coded(d: Diagnostic, lang: str = "en") -> str:
    key = f"{d.location.key}: " if d.location.key else ""
    return f"{d.location}: {d.severity} {d.code}: {key}{d.text(lang)}"


def line(d: Diagnostic, lang: str = "en") -> str:
    """One problem on stderr, as ``validate`` writes it: ``path:line:col: error Q203:
    key: message``, the message in ``lang``.  A problem with no code of its own (Q000:
    a usage error, an output that cannot be written) reads ``qcity: no plan "x"``."""
    return d.plain(lang) if d.code == "Q000" else _coded(d, lang)


def text(diagnostics: list[Diagnostic], files: int, lang: str = "en",
         unlisted: tuple[int, int] = (0, 0)) -> str:
    """A line a problem, then the count: every problem met, also those past the ones
    listed (``unlisted``: errors, warnings)."""
    lines = [_coded(d, lang) for d in diagnostics]
    errors = sum(d.severity != WARNING for d in diagnostics) + unlisted[0]
    warnings = len(diagnostics) + unlisted[0] + unlisted[1] - errors
    more = unlisted[0] + unlisted[1]
    if diagnostics:
        lines.append(f"{_n(errors, 'error')}, {_n(warnings, 'warning')} in {_n(files, 'file')}"
                     + (f" ({more} not listed: a plan's data lists its first {MAX_ERRORS} "
                        "errors and warnings)" if more else ""))
    else:
        lines.append(f"ok: {_n(files, 'file')} checked, no problems")
    if lang == "zh":  # the count in Chinese (CI reads the English one)
        lines[-1] = (f"共{errors}个错误、{warnings}个警告，涉及{files}个文件"
                     + (f"（另有{more}个未列出：每个方案的数据最多列出{MAX_ERRORS}个错误和"
                        f"{MAX_ERRORS}个警告）" if more else "") if diagnostics
                     else f"检查了{files}个文件，没有发现问题")
    return "\n".join(lines) + "\n"


def json_(diagnostics: list[Diagnostic], files: int, lang: str = "en") -> str:
    return json.dumps([as_dict(d, lang) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: list[Diagnostic], files: int, lang: str = "en") -> str:
    """GitHub Actions workflow commands: one annotation a diagnostic."""
    lines = []
    for d in diagnostics:
        loc = d.location
        props = [f"file={_escape_property(loc.path)}"]
        # a workbook has no lines GitHub could show: the cell goes into the message
        if loc.line is not None and loc.sheet is None:
            props.append(f"line={loc.line}")
            if loc.col is not None:
                props.append(f"col={loc.col}")
        props.append(f"title={_escape_property(f'{d.code} {name(d.code)}')}")
        key = f"{loc.cell}: " if loc.sheet is not None else ""
        key += f"{loc.key}: " if loc.key else ""
        kind = "warning" if d.severity == WARNING else "error"
        lines.append(f"::{kind} {','.join(props)}::{_escape_data(key + d.text(lang))}")
    return "\n".join(lines) + ("\n" if lines else "")


def render(fmt: str, diagnostics: list[Diagnostic], files: int, lang: str = "en",
           unlisted: tuple[int, int] = (0, 0)) -> str:
    """``unlisted``: problems met past those listed, counted in the text's last line."""
    if fmt == "text":
        return text(diagnostics, files, lang, unlisted)
    return {"json": json_, "github": github}[fmt](diagnostics, files, lang)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
