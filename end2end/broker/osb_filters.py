"""The request checks the test broker adds around openbrokerapi's views (Flask before-request
filters of its blueprint, and one of the app): BearerAuthenticator for `--token`; in good mode the
`X-Broker-API-Version` rule (version_filter), the identity headers and `context.platform`
(identity_filter) and the catalog's `service_id`/`plan_id` (ids_filter); in both modes the lenient
decode_originating_identity that stands in for openbrokerapi's own check, and `--record`'s one
JSON line per request (record_filter); in bad mode lax_ids_filter, which hands requests with
missing or unknown ids straight to the broker. A filter that returns a response answers the request
itself; one that returns None lets it go on to the next filter and the view."""

from __future__ import annotations

import base64
import hmac
import json
import threading
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Dict, Optional, TextIO, Tuple

from flask import jsonify, request

from openbrokerapi import errors
from openbrokerapi.auth import BrokerAuthenticator
from openbrokerapi.service_broker import (
    BindDetails,
    DeprovisionDetails,
    ProvisionDetails,
    UnbindDetails,
    UpdateDetails,
)

if TYPE_CHECKING:
    from broker import TestBroker


# The OSB versions RMC registers brokers with (SPEC §5: 2.12–2.17).
SUPPORTED_MAJOR = 2
DEFAULT_MIN_MINOR = 12


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


REQUEST_IDENTITY = "X-Broker-API-Request-Identity"
ORIGINATING_IDENTITY = "X-Broker-API-Originating-Identity"

# openbrokerapi's endpoints (blueprint "open_broker") whose requests carry service_id and plan_id.
PROVISION, UPDATE, BIND = "open_broker.provision", "open_broker.update", "open_broker.bind"
UNBIND, DEPROVISION = "open_broker.unbind", "open_broker.deprovision"
BODY_IDS = (PROVISION, UPDATE, BIND)
QUERY_IDS = (UNBIND, DEPROVISION)


def _bad_request(description: str):
    return jsonify({"description": description}), HTTPStatus.BAD_REQUEST


def _parse_originating_identity(header: str) -> Tuple[str, Dict[str, Any]]:
    """OSB "Originating Identity": `Platform value`, value the Base64 of a serialised JSON object.
    ValueError saying what is wrong."""
    parts = header.strip().split(None, 1)
    if len(parts) != 2:
        raise ValueError("it is not a platform, a space and a value")
    platform, value = parts
    try:
        decoded = json.loads(base64.b64decode(value, validate=True))
    except ValueError as e:  # binascii.Error, UnicodeDecodeError and JSONDecodeError alike
        raise ValueError("the value is not the Base64 of a JSON object") from e
    if not isinstance(decoded, dict):
        raise ValueError("the value is not the Base64 of a JSON object")
    return platform, decoded


def decode_originating_identity() -> None:
    """Stands in for openbrokerapi's check_originating_identity, which runs before authentication
    (a malformed header got 400 before 401) and in bad mode too. It only sets what the library's
    views read; in good mode identity_filter judges the header, after authentication and version."""
    request.originating_identity = None
    header = request.headers.get(ORIGINATING_IDENTITY)
    if header is None:
        return
    try:
        platform, value = _parse_originating_identity(header)
    except ValueError:
        return
    request.originating_identity = {"platform": platform, "value": value}


def identity_filter():
    def check_identity():
        # OSB "Request Identity": "For any OSBAPI request, there MUST be an associated
        # X-Broker-API-Request-Identity header"; its value MUST be a non-empty string.
        if not request.headers.get(REQUEST_IDENTITY, "").strip():
            return _bad_request(f"The {REQUEST_IDENTITY} header is required.")
        # OSB "Originating Identity": a request that results from a user's action MUST carry it
        # (here: every PUT, PATCH and DELETE); others, like fetching the catalog, MAY leave it out.
        header = request.headers.get(ORIGINATING_IDENTITY)
        if header is None:
            if request.method in ("PUT", "PATCH", "DELETE"):
                return _bad_request(f"The {ORIGINATING_IDENTITY} header is required for {request.method} requests.")
            return None
        try:
            platform, value = _parse_originating_identity(header)
        except ValueError as e:
            return _bad_request(f"The {ORIGINATING_IDENTITY} header must be `<platform> <Base64 of a JSON object>`: {e}.")
        user_id = value.get("user_id")
        if not isinstance(user_id, str) or not user_id:
            return _bad_request(f"The {ORIGINATING_IDENTITY} value must have a non-empty string user_id.")
        # OSB: "When context is sent as part of a message, this value MUST be the same as the
        # context.platform value". This broker also requires context.platform on PUT and PATCH.
        body = request.get_json(silent=True) if request.method in ("PUT", "PATCH") else None
        if isinstance(body, dict):
            context = body.get("context")
            given = context.get("platform") if isinstance(context, dict) else None
            if not isinstance(given, str) or not given:
                return _bad_request("The request body needs a context object with a non-empty string platform.")
            if given != platform:
                return _bad_request(
                    f"context.platform {given!r} is not the platform {platform!r} of the {ORIGINATING_IDENTITY} header."
                )
        return None

    return check_identity


def _request_ids() -> Optional[Dict[str, Any]]:
    """service_id and plan_id of a provision, update or bind (body) or of an unbind or deprovision
    (query string); None for other requests, and for bodies that are not JSON at all (openbrokerapi
    answers those 400 itself)."""
    if request.endpoint in QUERY_IDS:
        source = request.args
    elif request.endpoint in BODY_IDS:
        source = request.get_json(silent=True)
        if source is None:
            return None
        if not isinstance(source, dict):
            # openbrokerapi would answer 400 too, but log a TypeError traceback for it.
            raise errors.ErrBadRequest("The request body must be a JSON object.")
    else:
        return None
    return {"service_id": source.get("service_id"), "plan_id": source.get("plan_id")}


def ids_filter(broker: TestBroker):
    def check_ids():
        ids = _request_ids()
        if ids is None:
            return None
        where = "the query string" if request.endpoint in QUERY_IDS else "the body"
        for name, value in ids.items():
            # OSB: service_id and plan_id are REQUIRED; on update plan_id is OPTIONAL.
            if value is None and name == "plan_id" and request.endpoint == UPDATE:
                continue
            if not isinstance(value, str) or not value:
                return _bad_request(f"{name} is required in {where}.")
        # ... and they must be the catalog's: checked before the instance or binding is looked up,
        # so unbinding a real binding with a wrong plan_id is 400, not 200.
        broker.check_ids(ids["service_id"], ids["plan_id"])
        return None

    return check_ids


def lax_ids_filter(broker: TestBroker):
    """Bad mode. openbrokerapi's views refuse (400) a provision, update, bind, unbind or deprovision
    whose service_id or plan_id is missing, or whose plan_id is in no service of the catalog; the
    misbehaving broker takes them all, so those requests go to the broker directly."""

    def accept_any_ids():
        ids = _request_ids()
        if ids is None:
            return None
        plan_known = (request.endpoint == UPDATE and ids["plan_id"] is None) or broker.has_plan(ids["plan_id"])
        if ids["service_id"] is not None and plan_known:
            return None  # openbrokerapi's view takes it
        return _call_broker(broker, ids)

    return accept_any_ids


_DETAILS = {
    PROVISION: ProvisionDetails,
    UPDATE: UpdateDetails,
    BIND: BindDetails,
    UNBIND: UnbindDetails,
    DEPROVISION: DeprovisionDetails,
}


def _call_broker(broker: TestBroker, ids: Dict[str, Any]):
    """What openbrokerapi's view would answer, were it not for its checks of the ids."""
    endpoint = request.endpoint
    fields = ids if endpoint in QUERY_IDS else {**request.get_json(silent=True), **ids}
    try:
        details = _DETAILS[endpoint](**fields)
    except TypeError as e:
        raise errors.ErrBadRequest(str(e)) from e
    instance_id = request.view_args["instance_id"]
    binding_id = request.view_args.get("binding_id")
    accepts_incomplete = request.args.get("accepts_incomplete") == "true"
    if endpoint == PROVISION:
        try:
            broker.provision(instance_id, details, accepts_incomplete)
        except errors.ErrInstanceAlreadyExists:
            return jsonify({}), HTTPStatus.CONFLICT
        return jsonify({}), HTTPStatus.CREATED
    if endpoint == UPDATE:
        broker.update(instance_id, details, accepts_incomplete)  # bad mode: always 422
        return jsonify({}), HTTPStatus.OK
    if endpoint == BIND:
        binding = broker.bind(instance_id, binding_id, details, accepts_incomplete)
        return jsonify({"credentials": binding.credentials}), HTTPStatus.CREATED
    if endpoint == UNBIND:
        broker.unbind(instance_id, binding_id, details, accepts_incomplete)
    else:
        broker.deprovision(instance_id, details, accepts_incomplete)
    return jsonify({}), HTTPStatus.OK


def record_filter(out: TextIO):
    """--record: one JSON line per request (both modes), for tests that check what was sent."""
    lock = threading.Lock()

    def record():
        body = request.get_json(silent=True)
        query = request.query_string.decode("utf-8", "replace")
        entry = {
            "method": request.method,
            "path": request.path + (f"?{query}" if query else ""),
            "request_identity": request.headers.get(REQUEST_IDENTITY),
            "originating_identity": request.headers.get(ORIGINATING_IDENTITY),
            "context": body.get("context") if isinstance(body, dict) else None,
        }
        with lock:
            out.write(json.dumps(entry) + "\n")
            out.flush()

    return record
