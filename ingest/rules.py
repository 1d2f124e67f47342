"""The indicator rules: loaded from the YAML shipped with caselog, plus an advocate's local file.

A local file (`caselog bundle --rules local.yaml`) has the same shape; its text rules are added,
and a rule with the id of a shipped one replaces it (its version should say so). The ruleset's
version and every rule's id and version go into tags.csv and the manifest, so a reader can tell
exactly which rules made a tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import yaml
from caselog.errors import CaselogError

VOLUME_RULES = ("unsocial_hours", "burst", "spike", "new_identifier", "contact_after_stop")


@dataclass(frozen=True)
class TextRule:
    id: str
    tag: str
    version: str
    description: str
    patterns: tuple[str, ...]
    idioms: tuple[str, ...] = ()
    senders: str = "suspect"        # suspect: the suspect or anyone unnamed; others: the victim's named contacts
    negation: bool = True           # False: a negation before the match does not cancel it


@dataclass(frozen=True)
class Rules:
    name: str
    version: str
    negators: tuple[str, ...]
    window: int
    text: tuple[TextRule, ...]
    stop_request: TextRule
    volume: dict[str, dict] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def describe(self) -> list[dict]:
        """Every rule with its id, version, tag and description, for the manifest and the report."""
        rows = [{"rule_id": r.id, "version": r.version, "tag": r.tag, "description": r.description}
                for r in (*self.text, self.stop_request)]
        rows += [{"rule_id": v["id"], "version": str(v["version"]), "tag": v["tag"],
                  "description": v["description"], "parameters": {k: v[k] for k in v
                                                                  if k not in ("id", "version", "tag", "description")}}
                 for v in self.volume.values()]
        return rows


def load_rules(local: Path | None = None) -> Rules:
    shipped = files("caselog").joinpath("rules", "default.yaml")
    base = _read(shipped.read_text(encoding="utf-8"), "caselog rules (default.yaml)")
    names = ["default.yaml"]
    if local is not None:
        try:
            extra = _read(local.read_text(encoding="utf-8"), local.name)
        except OSError as err:
            raise CaselogError(f"{local}: cannot be read ({err.strerror}); check the --rules path") from None
        base = _merge(base, extra, local.name)
        names.append(str(local))
    return _build(base, tuple(names))


def _read(text: str, where: str) -> dict:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CaselogError(f"{where}: line {mark.line + 1 if mark else '?'}: not valid YAML; fix it") from None
    if not isinstance(doc, dict):
        raise CaselogError(f"{where}: expected a mapping with text_rules:, volume:, stop_request:")
    doc["_where"] = where
    return doc


def _merge(base: dict, extra: dict, where: str) -> dict:
    merged = dict(base)
    by_id = {r["id"]: r for r in base.get("text_rules", [])}
    for index, rule in enumerate(extra.get("text_rules", []) or []):
        if not isinstance(rule, dict) or "id" not in rule:
            raise CaselogError(f"{where}: text_rules[{index}]: every rule needs an id")
        by_id[rule["id"]] = {**rule, "_where": f"{where}: text_rules[{index}]"}
    merged["text_rules"] = list(by_id.values())
    for key in ("stop_request",):
        if key in extra:
            merged[key] = extra[key]
    if "volume" in extra:
        merged["volume"] = {**base.get("volume", {}), **extra["volume"]}
    if "version" in extra:
        merged["version"] = f"{base.get('version')}+{where}:{extra['version']}"
    return merged


def _build(doc: dict, sources: tuple[str, ...]) -> Rules:
    where = doc.get("_where", "rules")
    negation = doc.get("negation", {}) or {}
    text = tuple(_text_rule(r, r.get("_where", f"{where}: text_rules[{i}]"))
                 for i, r in enumerate(doc.get("text_rules", [])))
    stop = _text_rule({**doc.get("stop_request", {}), "tag": "contact_after_stop"}, f"{where}: stop_request")
    volume = doc.get("volume", {}) or {}
    for key in VOLUME_RULES:
        if key not in volume or not {"id", "version", "tag", "description"} <= set(volume[key]):
            raise CaselogError(f"{where}: volume.{key}: missing, or without id, version, tag and description")
    return Rules(str(doc.get("ruleset", "rules")), str(doc.get("version", "?")),
                 tuple(str(n) for n in negation.get("words", [])), int(negation.get("window", 3)), text, stop,
                 volume, sources)


def _text_rule(raw: dict, where: str) -> TextRule:
    missing = [k for k in ("id", "tag", "version", "description", "patterns") if k not in raw]
    if missing:
        raise CaselogError(f"{where}: missing {', '.join(missing)}")
    senders = str(raw.get("senders", "suspect"))
    if senders not in ("suspect", "others"):
        raise CaselogError(f"{where}: senders: {senders!r} must be suspect or others")
    for index, pattern in enumerate([*raw["patterns"], *(raw.get("idioms") or [])]):
        try:
            re.compile(pattern.replace("{suspect}", "x").replace("{contacts}", "x"))
        except re.error as err:
            raise CaselogError(f"{where}: pattern {index} {pattern!r} is not a valid expression ({err})") from None
    return TextRule(str(raw["id"]), str(raw["tag"]), str(raw["version"]), " ".join(str(raw["description"]).split()),
                    tuple(raw["patterns"]), tuple(raw.get("idioms") or ()), senders, bool(raw.get("negation", True)))
