"""The test broker's check of a provision's `parameters` against the plan's
`schemas.service_instance.create.parameters` (good mode). No jsonschema package: this knows exactly
the JSON Schema (draft-04) subset RMC's console generates (app/src/domain/parameters.rs) — an object
schema with `$schema`, `type: object`, `additionalProperties`, `properties` and `required`, each
property of `type` string, number or boolean with `title`, `description`, `default`, `minimum`,
`maximum`, `maxLength` and `enum`. A schema outside that subset (another keyword, another type, …)
is one this broker cannot check: unsupported() says why, and the broker accepts the parameters.
problem() gives the first thing wrong with a set of parameters as one sentence, or None."""

from __future__ import annotations

import json
import math
from typing import Any, Dict, Optional

DRAFT_04 = ("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-04/schema")
SCHEMA_KEYWORDS = {"$schema", "type", "additionalProperties", "properties", "required", "title", "description"}
PROPERTY_KEYWORDS = {"type", "title", "description", "default", "minimum", "maximum", "maxLength", "enum"}
TYPES = ("string", "number", "boolean")


def create_schema(plan: Any) -> Any:
    """The plan's create-time parameters schema (`schemas.service_instance.create.parameters`), or
    None when it declares none."""
    schemas = getattr(plan, "schemas", None)
    step = getattr(schemas, "service_instance", None)
    for key in ("create", "parameters"):
        if not isinstance(step, dict):
            return None
        step = step.get(key)
    return step


def _is_number(value: Any) -> bool:
    # JSON: true is not a number; an integer is one. json.loads also takes NaN and Infinity,
    # which are not JSON numbers at all.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return not (isinstance(value, float) and not math.isfinite(value))


def _has_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    return _is_number(value)


def _property_unsupported(name: str, prop: Any) -> Optional[str]:
    if not isinstance(prop, dict):
        return f"property '{name}' is not an object"
    unknown = sorted(set(prop) - PROPERTY_KEYWORDS)
    if unknown:
        return f"property '{name}' has keyword {unknown[0]!r}"
    kind = prop.get("type")
    if kind not in TYPES:
        return f"property '{name}' has type {json.dumps(kind)}"
    for bound in ("minimum", "maximum"):
        if bound in prop and not _is_number(prop[bound]):
            return f"property '{name}' has a {bound} that is not a number"
    if "maxLength" in prop:
        limit = prop["maxLength"]
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            return f"property '{name}' has a maxLength that is not a non-negative integer"
    if "enum" in prop:
        if not isinstance(prop["enum"], list) or not prop["enum"]:
            return f"property '{name}' has an enum that is not a non-empty array"
        if not all(isinstance(v, str) for v in prop["enum"]):
            return f"property '{name}' has an enum of values that are not all strings"
    return None


def unsupported(schema: Any) -> Optional[str]:
    """Why this broker cannot check parameters against `schema` (a phrase), or None if it can."""
    if not isinstance(schema, dict):
        return "the schema is not an object"
    unknown = sorted(set(schema) - SCHEMA_KEYWORDS)
    if unknown:
        return f"it has keyword {unknown[0]!r}"
    if "$schema" in schema and schema["$schema"] not in DRAFT_04:
        return f"its $schema is {json.dumps(schema['$schema'])}, not draft-04"
    if schema.get("type", "object") != "object":
        return f"its type is {json.dumps(schema['type'])}, not \"object\""
    if not isinstance(schema.get("additionalProperties", True), bool):
        return "its additionalProperties is not true or false"
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        return "its properties is not an object"
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        return "its required is not an array of strings"
    for name, prop in properties.items():
        reason = _property_unsupported(name, prop)
        if reason:
            return f"its {reason}"
    return None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "a number" if _is_number(value) else "NaN or an infinity"


def _show(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _value_problem(name: str, prop: Dict[str, Any], value: Any) -> Optional[str]:
    kind = prop["type"]
    if not _has_type(value, kind):
        wanted = {"string": "a string", "number": "a number", "boolean": "true or false"}[kind]
        return f"Parameter '{name}' must be {wanted}, not {_describe(value)}."
    if "enum" in prop and value not in prop["enum"]:
        choices = ", ".join(json.dumps(v) for v in prop["enum"])
        return f"Parameter '{name}' must be one of {choices}, not {_show(value)}."
    if kind == "number":
        if "minimum" in prop and value < prop["minimum"]:
            return f"Parameter '{name}' must be at least {prop['minimum']}, not {value}."
        if "maximum" in prop and value > prop["maximum"]:
            return f"Parameter '{name}' must be at most {prop['maximum']}, not {value}."
    if kind == "string" and "maxLength" in prop and len(value) > prop["maxLength"]:
        return f"Parameter '{name}' must be at most {prop['maxLength']} characters long, not {len(value)}."
    return None


def problem(schema: Dict[str, Any], parameters: Any) -> Optional[str]:
    """The first thing wrong with `parameters` under `schema` (one that unsupported() accepts), as
    one sentence; None when they fit. Absent parameters (None) are an empty object."""
    if parameters is None:
        parameters = {}
    if not isinstance(parameters, dict):
        return f"The parameters must be a JSON object, not {_describe(parameters)}."
    properties = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in parameters:
            return f"Parameter '{name}' is required."
    closed = schema.get("additionalProperties") is False
    for name, value in parameters.items():
        prop = properties.get(name)
        if prop is None:
            if closed:
                return f"Parameter '{name}' is not a parameter of this plan."
            continue
        reason = _value_problem(name, prop, value)
        if reason:
            return reason
    return None
