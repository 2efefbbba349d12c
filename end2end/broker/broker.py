#!/usr/bin/env python3
"""A real Open Service Broker (on openbrokerapi) for RMC's tests: a well-behaved one and a
misbehaving one, serving whatever catalog a test hands it. See README.md."""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import signal
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Dict, List, Optional

from flask import Flask, jsonify, request
from werkzeug.serving import WSGIRequestHandler, make_server

import openbrokerapi
import openbrokerapi.settings
from openbrokerapi import errors
from openbrokerapi.api import get_blueprint
from openbrokerapi.auth import BasicBrokerAuthenticator, BrokerAuthenticator, BrokerCredentials
from openbrokerapi.catalog import (
    Schemas,
    ServiceDashboardClient,
    ServiceMetadata,
    ServicePlan,
    ServicePlanCost,
    ServicePlanMetadata,
)
from openbrokerapi.helper import _to_dict
from openbrokerapi.service_broker import (
    BindDetails,
    Binding,
    BindState,
    DeprovisionDetails,
    DeprovisionServiceSpec,
    LastOperation,
    OperationState,
    ProvisionDetails,
    ProvisionedServiceSpec,
    ProvisionState,
    Service,
    ServiceBroker,
    UnbindDetails,
    UnbindSpec,
)

LOG = logging.getLogger("broker")

# The OSB versions RMC registers brokers with (SPEC §5: 2.12–2.17).
SUPPORTED_MAJOR = 2
DEFAULT_MIN_MINOR = 12


class CatalogError(Exception):
    """The catalog file does not fit openbrokerapi's model."""


# ---------------------------------------------------------------------------
# Catalog: OSB JSON -> openbrokerapi model classes
# ---------------------------------------------------------------------------

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
)


def _expect_fields(data: Dict[str, Any], fields, where: str) -> None:
    for name, kind, required in fields:
        _expect(data.get(name), kind, f"{where}.{name}", required=required)


def _plan_from_json(raw: Any, where: str) -> ServicePlan:
    _expect(raw, dict, where)
    data = dict(raw)
    _expect_fields(data, PLAN_FIELDS, where)
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


# ---------------------------------------------------------------------------
# The broker
# ---------------------------------------------------------------------------

class InstanceNeverExisted(Exception):
    """last_operation for an id this broker never saw: OSB 2.16+ says 404."""


@dataclass
class Instance:
    request: Dict[str, Any]
    operation: Optional[str] = None  # set while an async provision runs
    polls_left: int = 0
    bindings: Dict[str, Dict[str, Any]] = field(default_factory=dict)


def _provision_fingerprint(details: ProvisionDetails) -> Dict[str, Any]:
    # What "identical" means for a repeated PUT: the attributes the platform sent.
    return {
        "service_id": details.service_id,
        "plan_id": details.plan_id,
        "organization_guid": details.organization_guid,
        "space_guid": details.space_guid,
        "parameters": details.parameters or {},
        "context": details.context or {},
    }


def _bind_fingerprint(details: BindDetails) -> Dict[str, Any]:
    return {
        "service_id": details.service_id,
        "plan_id": details.plan_id,
        "app_guid": details.app_guid,
        "parameters": details.parameters or {},
        "context": details.context or {},
    }


class TestBroker(ServiceBroker):
    def __init__(self, services: List[Service], good: bool, is_async: bool, async_polls: int):
        self._services = services
        self._good = good
        self._async = is_async and good
        self._async_polls = async_polls
        self._lock = threading.Lock()
        self._instances: Dict[str, Instance] = {}
        self._deleted: set = set()

    def catalog(self) -> List[Service]:
        return self._services

    def _plan(self, service_id: str, plan_id: str) -> ServicePlan:
        for service in self._services:
            if service.id == service_id:
                for plan in service.plans:
                    if plan.id == plan_id:
                        return plan
                raise errors.ErrBadRequest(f"service {service_id} has no plan {plan_id}")
        raise errors.ErrBadRequest(f"no service {service_id} in this broker's catalog")

    def _bindable(self, service_id: str, plan_id: str) -> bool:
        plan = self._plan(service_id, plan_id)
        if plan.bindable is not None:
            return plan.bindable
        return next(s.bindable for s in self._services if s.id == service_id)

    # -- instances ---------------------------------------------------------

    def provision(self, instance_id: str, details: ProvisionDetails, async_allowed: bool, **kwargs):
        fingerprint = _provision_fingerprint(details)
        with self._lock:
            if not self._good:
                # Misbehaviour: 201 for everything, a conflicting repeat overwrites.
                self._instances[instance_id] = Instance(request=fingerprint)
                return ProvisionedServiceSpec(ProvisionState.SUCCESSFUL_CREATED)
            self._plan(details.service_id, details.plan_id)
            existing = self._instances.get(instance_id)
            if existing is not None:
                if existing.request != fingerprint:
                    raise errors.ErrInstanceAlreadyExists()
                if existing.operation is not None:
                    # A re-sent PUT while still provisioning MUST be 202 with the same operation.
                    return ProvisionedServiceSpec(ProvisionState.IS_ASYNC, operation=existing.operation)
                return ProvisionedServiceSpec(ProvisionState.IDENTICAL_ALREADY_EXISTS)
            if self._async:
                if not async_allowed:
                    raise errors.ErrAsyncRequired()
                operation = f"provision-{instance_id}"
                self._instances[instance_id] = Instance(
                    request=fingerprint, operation=operation, polls_left=self._async_polls
                )
                self._deleted.discard(instance_id)
                return ProvisionedServiceSpec(ProvisionState.IS_ASYNC, operation=operation)
            self._instances[instance_id] = Instance(request=fingerprint)
            self._deleted.discard(instance_id)
            return ProvisionedServiceSpec(ProvisionState.SUCCESSFUL_CREATED)

    def deprovision(self, instance_id: str, details: DeprovisionDetails, async_allowed: bool, **kwargs):
        with self._lock:
            if instance_id not in self._instances:
                if not self._good:
                    return DeprovisionServiceSpec(is_async=False)  # misbehaviour: 200, not 410
                raise errors.ErrInstanceDoesNotExist()
            del self._instances[instance_id]
            self._deleted.add(instance_id)
            return DeprovisionServiceSpec(is_async=False)

    def last_operation(self, instance_id: str, operation_data: Optional[str], service_id, plan_id, **kwargs):
        with self._lock:
            instance = self._instances.get(instance_id)
            if instance is None:
                if not self._good:
                    return LastOperation(OperationState.SUCCEEDED, "done")  # misbehaviour
                if instance_id in self._deleted:
                    raise errors.ErrInstanceDoesNotExist()  # openbrokerapi answers 410 Gone
                raise InstanceNeverExisted()
            if instance.operation is None:
                return LastOperation(OperationState.SUCCEEDED, "The instance is ready.")
            if instance.polls_left > 0:
                instance.polls_left -= 1
                return LastOperation(OperationState.IN_PROGRESS, "Provisioning the instance.")
            instance.operation = None
            return LastOperation(OperationState.SUCCEEDED, "The instance is ready.")

    # -- bindings ----------------------------------------------------------

    def bind(self, instance_id: str, binding_id: str, details: BindDetails, async_allowed: bool, **kwargs):
        fingerprint = _bind_fingerprint(details)
        with self._lock:
            instance = self._instances.get(instance_id)
            if instance is None:
                raise errors.ErrBadRequest(f"instance {instance_id} does not exist")
            if instance.operation is not None:
                raise errors.ErrConcurrentInstanceAccess()
            if self._good and not self._bindable(details.service_id, details.plan_id):
                raise errors.ErrBadRequest(f"plan {details.plan_id} is not bindable")
            credentials = {
                "uri": f"fake://user-{binding_id}:secret-{binding_id}@127.0.0.1:1/{instance_id}",
                "username": f"user-{binding_id}",
                "password": f"secret-{binding_id}",
            }
            existing = instance.bindings.get(binding_id)
            if existing is not None and self._good:
                if existing != fingerprint:
                    raise errors.ErrBindingAlreadyExists()
                return Binding(BindState.IDENTICAL_ALREADY_EXISTS, credentials=credentials)
            instance.bindings[binding_id] = fingerprint
            return Binding(BindState.SUCCESSFUL_BOUND, credentials=credentials)

    def unbind(self, instance_id: str, binding_id: str, details: UnbindDetails, async_allowed: bool, **kwargs):
        with self._lock:
            instance = self._instances.get(instance_id)
            if instance is None or binding_id not in instance.bindings:
                if not self._good:
                    return UnbindSpec(is_async=False)  # misbehaviour: 200, not 410
                raise errors.ErrBindingDoesNotExist()
            del instance.bindings[binding_id]
            return UnbindSpec(is_async=False)


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------

class BearerAuthenticator(BrokerAuthenticator):
    def __init__(self, token: str):
        self._expected = f"Bearer {token}".encode()

    def authenticate(self):
        given = request.headers.get("Authorization", "").encode()
        if hmac.compare_digest(given, self._expected):
            return None
        return (
            jsonify({"description": "A valid bearer token is required."}),
            HTTPStatus.UNAUTHORIZED,
            {"WWW-Authenticate": 'Bearer realm="broker"'},
        )


def version_filter(min_minor: int):
    def check_version():
        given = request.headers.get("X-Broker-API-Version")
        if not given:
            # OSB 2.16+: "MAY reject the request with 400 Bad Request"; openbrokerapi does so too.
            return jsonify({"description": "The X-Broker-API-Version header is required."}), HTTPStatus.BAD_REQUEST
        try:
            major, minor = (int(p) for p in given.strip().split("."))
        except ValueError:
            major, minor = -1, -1
        if major != SUPPORTED_MAJOR or minor < min_minor:
            return (
                jsonify(
                    {
                        "description": f"X-Broker-API-Version {given!r} is not supported; "
                        f"use {SUPPORTED_MAJOR}.{min_minor} or later {SUPPORTED_MAJOR}.x."
                    }
                ),
                HTTPStatus.PRECONDITION_FAILED,
            )
        return None

    return check_version


def _drop_expected_outcomes(record: logging.LogRecord) -> bool:
    # openbrokerapi logs a traceback for every 4xx/501 it answers; those are answers, not faults.
    exc = record.exc_info[1] if record.exc_info else None
    return not isinstance(exc, (errors.ServiceException, NotImplementedError))


class RequestLog(WSGIRequestHandler):
    """One plain line per request on stderr (no ANSI colours, no date noise)."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        LOG.info("%s %s -> %s", self.command, self.path, getattr(code, "value", code))


def build_app(args: argparse.Namespace, services: List[Service]) -> Flask:
    good = args.mode == "good"
    # Our own version filter replaces openbrokerapi's (which wants 2.13+, while RMC registers
    # 2.12–2.17, and answers 500 to a malformed header). Read by get_blueprint at call time.
    openbrokerapi.settings.DISABLE_VERSION_CHECK = True
    # RMC's smoke test may send only `context`; the spec's deprecated guids stay optional here.
    openbrokerapi.settings.DISABLE_SPACE_ORG_GUID_CHECK = True

    authenticator: Optional[BrokerAuthenticator] = None
    if good:
        if args.token:
            authenticator = BearerAuthenticator(args.token)
        else:
            authenticator = BasicBrokerAuthenticator(BrokerCredentials(args.username, args.password))

    library_log = logging.getLogger("openbrokerapi")
    library_log.setLevel(logging.ERROR)  # its "no auth / no version check" warnings are on purpose here
    library_log.addFilter(_drop_expected_outcomes)
    broker = TestBroker(services, good=good, is_async=args.is_async, async_polls=args.async_polls)
    # With no authenticator and no credentials (bad mode) the library leaves every endpoint open.
    blueprint = get_blueprint(broker, None, library_log, authenticator=authenticator)
    if good:
        # Registered after the library's authenticator, so credentials are checked first.
        blueprint.before_request(version_filter(args.min_minor))

    @blueprint.errorhandler(InstanceNeverExisted)
    def never_existed(_e):
        return jsonify({"description": "No such service instance."}), HTTPStatus.NOT_FOUND

    app = Flask(__name__)
    app.register_blueprint(blueprint)
    return app


def parse_args(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Open Service Broker for RMC's tests (openbrokerapi).")
    p.add_argument("--check-catalog", metavar="FILE", help="load FILE through openbrokerapi's model and exit 0/1")
    p.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one (default)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--catalog", metavar="FILE", help="OSB catalog JSON to serve")
    p.add_argument("--mode", choices=["good", "bad"], default="good")
    p.add_argument("--username")
    p.add_argument("--password")
    p.add_argument("--token", help="bearer token instead of basic auth")
    p.add_argument("--async", dest="is_async", action="store_true", help="provision asynchronously (good mode)")
    p.add_argument("--async-polls", type=int, default=2, help="'in progress' answers before 'succeeded' (default 2)")
    p.add_argument("--min-version", default=f"{SUPPORTED_MAJOR}.{DEFAULT_MIN_MINOR}",
                   help="lowest X-Broker-API-Version accepted in good mode (default 2.12)")
    p.add_argument("--catalog-as-is", action="store_true",
                   help="bad mode: serve the catalog file unchanged (only the protocol misbehaves)")
    args = p.parse_args(argv)
    if args.check_catalog:
        return args
    if not args.catalog:
        p.error("--catalog FILE is required")
    if args.mode == "good":
        basic = args.username is not None or args.password is not None
        if args.token and basic:
            p.error("give either --username/--password or --token, not both")
        if not args.token and (args.username is None or args.password is None):
            p.error("good mode needs --username and --password, or --token")
    try:
        major, minor = (int(x) for x in args.min_version.split("."))
        if major != SUPPORTED_MAJOR:
            raise ValueError
    except ValueError:
        p.error("--min-version must look like 2.N")
    args.min_minor = minor
    return args


def check_catalog(path: str) -> int:
    try:
        services = load_catalog(path)
    except CatalogError as e:
        print(f"catalog rejected by openbrokerapi {_version()}'s model: {e}")
        return 1
    # Serialise through the library too, as the running broker would.
    json.dumps(_to_dict({"services": services}))
    plans = sum(len(s.plans) for s in services)
    print(f"catalog accepted by openbrokerapi {_version()}'s model: {len(services)} service(s), {plans} plan(s)")
    return 0


def _version() -> str:
    from importlib.metadata import version

    return version("openbrokerapi")


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    if args.check_catalog:
        return check_catalog(args.check_catalog)

    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        services = load_catalog(args.catalog)
    except CatalogError as e:
        print(f"broker: {e}", file=sys.stderr)
        return 2
    if args.mode == "bad" and not args.catalog_as_is:
        corrupt_catalog(services)

    app = build_app(args, services)
    server = make_server(args.host, args.port, app, threaded=True, request_handler=RequestLog)
    port = server.socket.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host

    def stop(signum, _frame):
        LOG.info("signal %d: shutting down", signum)
        # shutdown() waits for serve_forever, which runs in this (main) thread: call it from another.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    LOG.info("%s broker%s on port %d", args.mode, " (async)" if args.is_async else "", port)
    print(f"listening on http://{host}:{port}", flush=True)
    server.serve_forever()
    LOG.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
