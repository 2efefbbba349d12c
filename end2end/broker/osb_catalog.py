"""The test broker's catalog: reads an OSB catalog file (`{"services": [ … ]}`) into openbrokerapi's
own model classes (`Service`, `ServicePlan`, `ServiceMetadata`, `ServicePlanMetadata`,
`ServicePlanCost`, `Schemas`, `ServiceDashboardClient`), checking the types of the fields those
classes name (SERVICE_FIELDS, PLAN_FIELDS, the objects of a plan's `schemas`) since their
constructors only check presence, and raising CatalogError with a sentence when the file does not
fit (load_catalog). corrupt_catalog is bad mode's damage to the served catalog: a duplicate plan
name and a plan without a description."""

from __future__ import annotations

import json
from typing import Any, Dict, List

from openbrokerapi.catalog import (
    Schemas,
    ServiceDashboardClient,
    ServiceMetadata,
    ServicePlan,
    ServicePlanCost,
    ServicePlanMetadata,
)
from openbrokerapi.service_broker import Service


class CatalogError(Exception):
    """The catalog file does not fit openbrokerapi's model."""


def _expect(value: Any, kind: type, where: str, required: bool = True) -> None:
    # openbrokerapi's constructors check presence (TypeError) but not types; a catalog with
    # `"bindable": "yes"` would otherwise be "accepted" and served as is.
    if value is None:
        if required:
            raise CatalogError(f"{where} is missing")
        return
    if kind is str and not isinstance(value, str):
        raise CatalogError(f"{where} must be a string, not {json.dumps(value)}")
    if kind is bool and not isinstance(value, bool):
        raise CatalogError(f"{where} must be true or false, not {json.dumps(value)}")
    if kind is list and not isinstance(value, list):
        raise CatalogError(f"{where} must be an array")
    if kind is dict and not isinstance(value, dict):
        raise CatalogError(f"{where} must be an object")


# (field, type, required) of the fields the model classes name.
SERVICE_FIELDS = (
    ("id", str, True),
    ("name", str, True),
    ("description", str, True),
    ("bindable", bool, True),
    ("plan_updateable", bool, False),
    ("instances_retrievable", bool, False),
    ("bindings_retrievable", bool, False),
)
PLAN_FIELDS = (
    ("id", str, True),
    ("name", str, True),
    ("description", str, True),
    ("free", bool, False),
    ("bindable", bool, False),
    ("plan_updateable", bool, False),
    ("maintenance_info", dict, False),
)


def _expect_fields(data: Dict[str, Any], fields, where: str) -> None:
    for name, kind, required in fields:
        _expect(data.get(name), kind, f"{where}.{name}", required=required)


# OSB "Schemas Object": each of these is an object with an optional `parameters` JSON Schema object.
SCHEMA_ACTIONS = (("service_instance", ("create", "update")), ("service_binding", ("create",)))


def _expect_schemas(schemas: Dict[str, Any], where: str) -> None:
    for owner, actions in SCHEMA_ACTIONS:
        value = schemas.get(owner)
        _expect(value, dict, f"{where}.{owner}", required=False)
        for action in actions if value is not None else ():
            step = value.get(action)
            _expect(step, dict, f"{where}.{owner}.{action}", required=False)
            if step is not None:
                _expect(step.get("parameters"), dict, f"{where}.{owner}.{action}.parameters", required=False)


def _plan_from_json(raw: Any, where: str) -> ServicePlan:
    _expect(raw, dict, where)
    data = dict(raw)
    _expect_fields(data, PLAN_FIELDS, where)
    maintenance_info = data.get("maintenance_info")
    if maintenance_info is not None:
        # OSB "Maintenance Info Object": `version` REQUIRED, `description` OPTIONAL. ServicePlan
        # has no parameter for it: it keeps it as an extra attribute and serialises it as given.
        _expect(maintenance_info.get("version"), str, f"{where}.maintenance_info.version")
        _expect(maintenance_info.get("description"), str, f"{where}.maintenance_info.description", required=False)
    metadata = data.pop("metadata", None)
    if metadata is not None:
        _expect(metadata, dict, f"{where}.metadata")
        metadata = dict(metadata)
        costs = metadata.pop("costs", None)
        if costs is not None:
            _expect(costs, list, f"{where}.metadata.costs")
            costs = [ServicePlanCost(**c) for c in costs]
        metadata = ServicePlanMetadata(costs=costs, **metadata)
    schemas = data.pop("schemas", None)
    if schemas is not None:
        _expect(schemas, dict, f"{where}.schemas")
        _expect_schemas(schemas, f"{where}.schemas")
        # Kept as given (the dicts themselves) and served unchanged; osb_schema.py reads
        # service_instance.create.parameters to check a provision's parameters.
        schemas = Schemas(**schemas)
    try:
        return ServicePlan(metadata=metadata, schemas=schemas, **data)
    except TypeError as e:
        raise CatalogError(f"{where}: {e}") from e


def _service_from_json(raw: Any, where: str) -> Service:
    _expect(raw, dict, where)
    data = dict(raw)
    _expect_fields(data, SERVICE_FIELDS, where)
    plans = data.pop("plans", None)
    _expect(plans, list, f"{where}.plans")
    if not plans:
        raise CatalogError(f"{where}.plans must contain at least one plan")
    plans = [_plan_from_json(p, f"{where}.plans[{i}]") for i, p in enumerate(plans)]
    metadata = data.pop("metadata", None)
    if metadata is not None:
        _expect(metadata, dict, f"{where}.metadata")
        metadata = ServiceMetadata(**metadata)
    client = data.pop("dashboard_client", None)
    if client is not None:
        _expect(client, dict, f"{where}.dashboard_client")
        try:
            client = ServiceDashboardClient(**client)
        except TypeError as e:
            raise CatalogError(f"{where}.dashboard_client: {e}") from e
    try:
        return Service(plans=plans, metadata=metadata, dashboard_client=client, **data)
    except TypeError as e:
        raise CatalogError(f"{where}: {e}") from e


def load_catalog(path: str) -> List[Service]:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as e:
        raise CatalogError(f"cannot read {path}: {e.strerror}") from e
    except json.JSONDecodeError as e:
        raise CatalogError(f"{path} is not JSON: {e}") from e
    _expect(doc, dict, "the catalog")
    services = doc.get("services")
    _expect(services, list, "services")
    return [_service_from_json(s, f"services[{i}]") for i, s in enumerate(services)]


def corrupt_catalog(services: List[Service]) -> None:
    """Bad mode: make the served catalog ill-formed in ways a checker must notice."""
    if not services:
        return
    service = services[0]
    first = service.plans[0]
    # A second plan with the first plan's name (plan names must be unique in a service).
    service.plans.append(
        ServicePlan(
            id=f"{first.id}-duplicate",
            name=first.name,
            description="A second plan with the same name.",
            free=True,
        )
    )
    # The first plan loses its required description (None is left out when serialised).
    first.description = None

