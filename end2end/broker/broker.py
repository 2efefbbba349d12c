#!/usr/bin/env python3
"""A real Open Service Broker (on openbrokerapi) for RMC's tests: a well-behaved one and a
misbehaving one, serving whatever catalog a test hands it. See README.md. This file is the entry
point (`python end2end/broker/broker.py …`) and holds the broker itself (TestBroker: the in-memory
instances and bindings, and every good- and bad-mode answer), build_app (openbrokerapi's blueprint
with the filters of osb_filters.py, in order, and the error handlers), the command line and main;
the catalog file is read by osb_catalog.py, a provision's parameters checked by osb_schema.py."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Dict, List, Optional, TextIO

from flask import Flask, jsonify, request
from werkzeug.serving import WSGIRequestHandler, make_server

import openbrokerapi
import openbrokerapi.settings
from openbrokerapi import errors
from openbrokerapi.api import get_blueprint
from openbrokerapi.auth import BasicBrokerAuthenticator, BrokerAuthenticator, BrokerCredentials
from openbrokerapi.catalog import ServicePlan
from openbrokerapi.helper import _to_dict
from openbrokerapi.request_filter import check_originating_identity
from openbrokerapi.service_broker import (
    BindDetails,
    Binding,
    BindState,
    DeprovisionDetails,
    DeprovisionServiceSpec,
    GetBindingSpec,
    GetInstanceDetailsSpec,
    LastOperation,
    OperationState,
    ProvisionDetails,
    ProvisionedServiceSpec,
    ProvisionState,
    Service,
    ServiceBroker,
    UnbindDetails,
    UnbindSpec,
    UpdateDetails,
    UpdateServiceSpec,
)

# The sibling modules are found because a script's own directory is sys.path[0]; this keeps them
# found under `python -P` / PYTHONSAFEPATH too. No __pycache__/ is written next to them: the work
# tree stays clean however often the tests start the broker.
_HERE = os.path.dirname(os.path.realpath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
sys.dont_write_bytecode = True

from osb_catalog import CatalogError, corrupt_catalog, load_catalog  # noqa: E402
from osb_schema import create_schema, problem, unsupported  # noqa: E402
from osb_filters import (  # noqa: E402
    DEFAULT_MIN_MINOR,
    SUPPORTED_MAJOR,
    BearerAuthenticator,
    decode_originating_identity,
    identity_filter,
    ids_filter,
    lax_ids_filter,
    record_filter,
    version_filter,
)

LOG = logging.getLogger("broker")


# ---------------------------------------------------------------------------
# The broker
# ---------------------------------------------------------------------------

class InstanceNeverExisted(Exception):
    """last_operation for an id this broker never saw: OSB 2.16+ says 404."""


class Unprocessable(Exception):
    """A 422 with an OSB error code that openbrokerapi's views do not answer themselves (its
    update view answers ErrPlanChangeNotSupported with 400 InvalidParameters, not 422)."""

    def __init__(self, error: str, description: str):
        super().__init__(description)
        self.error = error
        self.description = description


def plan_change_not_supported() -> Unprocessable:
    return Unprocessable("PlanChangeNotSupported", "The requested plan migration cannot be performed.")


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


def _credentials(instance_id: str, binding_id: str) -> Dict[str, str]:
    return {
        "uri": f"fake://user-{binding_id}:secret-{binding_id}@127.0.0.1:1/{instance_id}",
        "username": f"user-{binding_id}",
        "password": f"secret-{binding_id}",
    }


def _sent_maintenance_info() -> Any:
    # openbrokerapi's ProvisionDetails and UpdateDetails drop the fields they do not name, so
    # maintenance_info is read from the request body itself.
    body = request.get_json(silent=True)
    return body.get("maintenance_info") if isinstance(body, dict) else None


def _check_maintenance_info(plan: ServicePlan, sent: Any) -> None:
    # OSB "Provisioning" and "Updating a Service Instance": a maintenance_info.version that does
    # not match the plan's in the catalog MUST be answered 422 MaintenanceInfoConflict.
    if not isinstance(sent, dict) or "version" not in sent:
        return
    declared = getattr(plan, "maintenance_info", None) or {}
    if sent["version"] != declared.get("version"):
        raise Unprocessable(
            "MaintenanceInfoConflict", "The maintenance information for the requested Service Plan has changed."
        )


def _check_parameters(plan: ServicePlan, parameters: Any) -> None:
    # OSB "Provisioning": parameters that do not fit the plan's schemas.service_instance.create
    # schema are answered 400 InvalidParameters (openbrokerapi's view answers ErrInvalidParameters so).
    schema = create_schema(plan)
    if schema is None:
        return
    reason = unsupported(schema)
    if reason:
        LOG.warning("plan %s: cannot check parameters against its create schema (%s); accepting them", plan.id, reason)
        return
    wrong = problem(schema, parameters)
    if wrong:
        raise errors.ErrInvalidParameters(wrong)


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

    def _service(self, service_id: str) -> Service:
        for service in self._services:
            if service.id == service_id:
                return service
        raise errors.ErrBadRequest(f"no service {service_id} in this broker's catalog")

    def _plan(self, service_id: str, plan_id: str) -> ServicePlan:
        for plan in self._service(service_id).plans:
            if plan.id == plan_id:
                return plan
        raise errors.ErrBadRequest(f"service {service_id} has no plan {plan_id}")

    def check_ids(self, service_id: str, plan_id: Optional[str]) -> None:
        """ErrBadRequest unless the ids are the catalog's (plan_id None: the service only)."""
        if plan_id is None:
            self._service(service_id)
        else:
            self._plan(service_id, plan_id)

    def has_plan(self, plan_id: Any) -> bool:
        """Whether any service has the plan: openbrokerapi's own check of a request's plan_id."""
        return any(plan.id == plan_id for service in self._services for plan in service.plans)

    def _bindable(self, service_id: str, plan_id: str) -> bool:
        plan = self._plan(service_id, plan_id)
        if plan.bindable is not None:
            return plan.bindable
        return self._service(service_id).bindable

    def _plan_updateable(self, service_id: str, plan: ServicePlan) -> bool:
        # OSB catalog: a plan's plan_updateable, when given, takes precedence over the service's.
        own = getattr(plan, "plan_updateable", None)
        if own is not None:
            return own
        return bool(self._service(service_id).plan_updateable)

    # -- instances ---------------------------------------------------------

    def provision(self, instance_id: str, details: ProvisionDetails, async_allowed: bool, **kwargs):
        fingerprint = _provision_fingerprint(details)
        with self._lock:
            if not self._good:
                # Misbehaviour: a deprovisioned id cannot be used again (409) ...
                if instance_id in self._deleted:
                    raise errors.ErrInstanceAlreadyExists()
                # ... and 201 for everything else, a conflicting repeat overwrites.
                self._instances[instance_id] = Instance(request=fingerprint)
                return ProvisionedServiceSpec(ProvisionState.SUCCESSFUL_CREATED)
            plan = self._plan(details.service_id, details.plan_id)
            _check_parameters(plan, details.parameters)
            _check_maintenance_info(plan, _sent_maintenance_info())
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

    def get_instance(self, instance_id: str, **kwargs):
        if not self._good:
            raise errors.ErrInstanceDoesNotExist()  # misbehaviour: 404 for every instance
        with self._lock:
            instance = self._instances.get(instance_id)
            # OSB "Fetching a Service Instance": 404 if it does not exist or is still provisioning.
            if instance is None or instance.operation is not None:
                raise errors.ErrInstanceDoesNotExist()
            sent = instance.request
            if not self._service(sent["service_id"]).instances_retrievable:
                # What openbrokerapi answers when get_instance is not implemented: 501.
                raise NotImplementedError(f"service {sent['service_id']} does not declare instances_retrievable")
            return GetInstanceDetailsSpec(
                service_id=sent["service_id"], plan_id=sent["plan_id"], parameters=sent["parameters"]
            )

    def update(self, instance_id: str, details: UpdateDetails, async_allowed: bool, **kwargs):
        if not self._good:
            raise plan_change_not_supported()  # misbehaviour: no update is ever possible
        with self._lock:
            instance = self._instances.get(instance_id)
            if instance is None:
                raise errors.ErrBadRequest(f"instance {instance_id} does not exist")
            if instance.operation is not None:
                raise errors.ErrConcurrentInstanceAccess()
            sent = instance.request
            if details.service_id != sent["service_id"]:
                raise errors.ErrBadRequest(f"instance {instance_id} is of service {sent['service_id']}")
            target = details.plan_id or sent["plan_id"]
            plan = self._plan(details.service_id, target)
            # OSB "Updating a Service Instance": a plan change the catalog does not allow is 422.
            if target != sent["plan_id"] and not self._plan_updateable(details.service_id, plan):
                raise plan_change_not_supported()
            _check_maintenance_info(plan, _sent_maintenance_info())
            sent["plan_id"] = target
            if details.parameters is not None:
                sent["parameters"] = details.parameters
            return UpdateServiceSpec(is_async=False)

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
            credentials = _credentials(instance_id, binding_id)
            existing = instance.bindings.get(binding_id)
            if existing is not None and self._good:
                if existing != fingerprint:
                    raise errors.ErrBindingAlreadyExists()
                return Binding(BindState.IDENTICAL_ALREADY_EXISTS, credentials=credentials)
            instance.bindings[binding_id] = fingerprint
            return Binding(BindState.SUCCESSFUL_BOUND, credentials=credentials)

    def get_binding(self, instance_id: str, binding_id: str, **kwargs):
        if not self._good:
            raise errors.ErrBindingDoesNotExist()  # misbehaviour: 404 for every binding
        with self._lock:
            instance = self._instances.get(instance_id)
            # OSB "Fetching a Service Binding": 404 if it does not exist.
            if instance is None or binding_id not in instance.bindings:
                raise errors.ErrBindingDoesNotExist()
            service_id = instance.request["service_id"]
            if not self._service(service_id).bindings_retrievable:
                raise NotImplementedError(f"service {service_id} does not declare bindings_retrievable")  # 501
            parameters = instance.bindings[binding_id]["parameters"]
            return GetBindingSpec(credentials=_credentials(instance_id, binding_id), parameters=parameters or None)

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

def _drop_expected_outcomes(record: logging.LogRecord) -> bool:
    # openbrokerapi logs a traceback for every 4xx/501 it answers; those are answers, not faults.
    exc = record.exc_info[1] if record.exc_info else None
    return not isinstance(exc, (errors.ServiceException, NotImplementedError))


class RequestLog(WSGIRequestHandler):
    """One plain line per request on stderr (no ANSI colours, no date noise)."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        LOG.info("%s %s -> %s", self.command, self.path, getattr(code, "value", code))


def build_app(args: argparse.Namespace, services: List[Service], record: Optional[TextIO] = None) -> Flask:
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
    # openbrokerapi's check_originating_identity runs before authentication; a lenient decoder
    # takes its place, and good mode judges the header after the version (identity_filter).
    filters = blueprint.before_request_funcs[None]
    filters[filters.index(check_originating_identity)] = decode_originating_identity
    if good:
        # Registered after the library's authenticator, so credentials are checked first, then
        # the version, then the identity headers and context, then the ids.
        blueprint.before_request(version_filter(args.min_minor))
        blueprint.before_request(identity_filter())
        blueprint.before_request(ids_filter(broker))
    else:
        blueprint.before_request(lax_ids_filter(broker))

    @blueprint.errorhandler(InstanceNeverExisted)
    def never_existed(_e):
        return jsonify({"description": "No such service instance."}), HTTPStatus.NOT_FOUND

    @blueprint.errorhandler(Unprocessable)
    def unprocessable(e: Unprocessable):
        return jsonify({"error": e.error, "description": e.description}), HTTPStatus.UNPROCESSABLE_ENTITY

    app = Flask(__name__)
    if record is not None:
        app.before_request(record_filter(record))  # the app's filters run before the blueprint's
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
    p.add_argument("--record", metavar="FILE",
                   help="append one JSON line per request to FILE (method, path, identity headers, context)")
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
    record = None
    if args.record:
        try:
            record = open(args.record, "a", encoding="utf-8")
        except OSError as e:
            print(f"broker: cannot open {args.record}: {e.strerror}", file=sys.stderr)
            return 2

    app = build_app(args, services, record)
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
    if record is not None:
        record.close()
    LOG.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
