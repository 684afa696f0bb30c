"""FastAPI application of the central service: ``create_app(db_url)``.

Every error the service makes itself is a JSON ``ErrorBody`` with a Chinese reason and a suggested
action; malformed requests are FastAPI's 422, never a 5xx.
"""



from datetime import date, timedelta
from typing import Annotated, Any, Iterator, Literal

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from pydantic import ValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from counter_protocol import registry as reg
from counter_protocol import samecase as same
from counter_protocol import sync as p
from counter_protocol.build import full_version
from counter_protocol.field_errors import field_error_words
from counter_central import __version__, core, observability
from counter_central.clients import ClientBuilds
from counter_central.db import make_engine, migrate
from counter_central.entry_key import EntryKeyError, check_ready
from counter_central.limits import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_JSON_DEPTH, LimitsMiddleware

# 参保档案查询 is counter work (受理 and its prechecks): least privilege (GB/T 22239 8.1.4) keeps a
# field worker (the roster is their data), an auditor and an administrator out of the registry
REGISTRY_READERS = ("clerk", "supervisor")

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": p.ErrorBody, "description": "未登录或登录已失效"},
    403: {"model": p.ErrorBody, "description": "无权限 / 账号停用或锁定 / 工作站未登记、已停用或属于其他分局"},
}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": p.ErrorBody, "description": "请求内容过大"},
    422: {"model": p.ValidationErrorBody, "description": "请求格式不正确 / 嵌套过深 / 无效的 UTF-8 或 Unicode 字符"},
}


def create_app(db_url: str, *, run_migrations: bool = True, demo: bool = False,
               max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, max_json_depth: int = DEFAULT_MAX_JSON_DEPTH,
               lockout: core.Lockout = core.DEFAULT_LOCKOUT, require_totp: bool | None = None,
               essc_adapter: str | None = None, pool_size: int | None = None,
               limits: "observability.LoadLimits | None" = None) -> FastAPI:
    """The service on ``db_url``. ``demo``: a sign-in on an unregistered workstation id registers
    it to the user's office (otherwise refused); ``max_body_bytes`` (413) and ``max_json_depth``
    (422) limit every request; ``lockout``: failures in a row before an account is locked;
    ``require_totp`` (default: outside demo mode): supervisors and admins must use the TOTP code.
    ``pool_size``: pooled PostgreSQL connections per worker; ``limits``: the load limit (503 +
    Retry-After, observability.LoadLimits; default from the environment)."""
    engine = make_engine(db_url, pool_size=pool_size)
    if require_totp is None:
        require_totp = not demo
    if run_migrations:
        migrate(engine)
        check_ready(engine)    # the entry key opens the stored payloads, or the centre does not start (Chinese)
        from counter_central import samecase

        samecase.check_ready(engine)   # nor without the person key its index was made under
    sessions = sessionmaker(engine, expire_on_commit=False)

    app = FastAPI(
        title="counter-central 中心服务",
        version=__version__,     # the release (docs/sync-api.json is committed); /health says the build too
        description="深圳社保柜面客户端的参考中心服务：认证、幂等推送、增量拉取、参考数据。协议说明见 docs/sync.md。",
    )
    app.state.engine = engine
    app.state.demo = demo
    # the body/JSON limits inside, the load limit and the request metrics outside (the last added
    # middleware is the outermost): a busy worker answers 503 before reading any body, and the
    # 413/422 answers of the limits are counted in the metrics like every other answer
    app.add_middleware(LimitsMiddleware, max_body_bytes=max_body_bytes, max_json_depth=max_json_depth)
    observability.install(app, engine, limits)   # /livez /readyz /metrics, JSON logs, 503 + Retry-After

    @app.exception_handler(core.ServiceError)
    async def _service_error(_req: Request, exc: core.ServiceError):
        return JSONResponse(status_code=exc.status, content=exc.body())

    @app.exception_handler(EntryKeyError)
    async def _entry_key_error(_req: Request, exc: EntryKeyError):
        # a stored payload the entry key file cannot open (the file changed while the centre runs):
        # said in Chinese, nothing committed (the request's session is rolled back)
        err = core.ServiceError(503, str(exc), "entry_key_unavailable", "请信息技术人员检查中心的记录加密密钥文件")
        return JSONResponse(status_code=err.status, content=err.body())

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_req: Request, exc: RequestValidationError):
        errors = [{"loc": [_printable(x) for x in e.get("loc", ())], "msg": _printable(field_error_words(e)),
                   "type": str(e.get("type", ""))} for e in exc.errors()]
        return _invalid_request(errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(req: Request, exc: StarletteHTTPException):
        # FastAPI answers a body its JSON parser gives up on for any reason other than a syntax
        # error (a number of more than 4,300 digits: Python's int limit) with an English
        # 400 "There was an error parsing the body", raised from the parser's exception: the same
        # Chinese 422 as any other malformed request instead
        if exc.status_code == 400 and exc.__cause__ is not None:
            return _invalid_request([{"loc": ["body"], "msg": "请求内容无法解析为 JSON（如数字位数过多）",
                                      "type": "json_invalid"}])
        # the router's own answers (no such path, a method the path does not take) are an ErrorBody
        # like every other 4xx: {"detail": "Not Found"} said nothing a clerk or a client reads
        words = _ROUTING_ANSWERS.get(exc.status_code)
        if words is not None and exc.detail in (None, "Not Found", "Method Not Allowed"):
            return JSONResponse(status_code=exc.status_code, headers=getattr(exc, "headers", None),
                                content={"detail": words[0], "reason": words[1], "suggested_action": words[2]})
        return await http_exception_handler(req, exc)

    def db() -> Iterator[Session]:
        s = sessions()
        try:
            yield s
        finally:
            s.close()

    DB = Annotated[Session, Depends(db)]

    client_builds = app.state.client_builds = ClientBuilds()

    def who(s: DB, authorization: Annotated[str | None, Header()] = None,
            user_agent: Annotated[str | None, Header(include_in_schema=False)] = None) -> core.Principal:
        token = None
        if authorization and authorization.lower().startswith("bearer "):
            token = authorization[7:].strip()
        w = core.principal(s, token)
        client_builds.seen(s, w.workstation_id, user_agent, w.client)    # written only when the build changed
        return w

    Who = Annotated[core.Principal, Depends(who)]
    pre = p.API_PREFIX

    @app.get(f"{pre}/health", response_model=p.Health, tags=["health"])
    def health(s: DB) -> p.Health:
        status: Literal["ok", "degraded"]
        try:
            s.execute(text("SELECT 1"))
            status, db_state = "ok", engine.dialect.name
        except Exception:  # database down: still answer, with the server time
            status, db_state = "degraded", "unavailable"
        return p.Health(status=status, server_time=core.server_now(), version=full_version(), database=db_state)

    @app.post(f"{pre}/auth/workstations", response_model=p.WorkstationInfo, status_code=201, tags=["auth"],
              responses={**ERRORS, 409: {"model": p.ErrorBody}})
    def register_workstation(req: p.WorkstationRegistration, s: DB) -> p.WorkstationInfo:
        return core.register_workstation(s, req, lockout=lockout, require_totp=require_totp)

    @app.post(f"{pre}/auth/login", response_model=p.TokenPair, tags=["auth"], responses=ERRORS)
    def login(req: p.LoginRequest, s: DB, user_agent: Annotated[str | None, Header(include_in_schema=False)] = None) -> p.TokenPair:
        pair = core.login(s, req, demo=demo, lockout=lockout, require_totp=require_totp)
        client_builds.seen(s, req.workstation_id, user_agent)   # a counter too old to read the answer is seen too
        return pair

    @app.post(f"{pre}/auth/refresh", response_model=p.TokenPair, tags=["auth"], responses=ERRORS)
    def refresh(req: p.RefreshRequest, s: DB) -> p.TokenPair:
        return core.refresh(s, req)

    @app.post(f"{pre}/auth/revoke", status_code=204, tags=["auth"])
    def revoke(req: p.RevokeRequest, s: DB) -> Response:
        core.revoke(s, req)
        return Response(status_code=204)

    @app.get(f"{pre}/auth/me", response_model=p.UserInfo, tags=["auth"], responses=ERRORS)
    def me(w: Who) -> p.UserInfo:
        return core.user_info(w.user)

    @app.post(f"{pre}/sync/push", response_model=p.PushResponse, tags=["sync"],
              responses=ERRORS, openapi_extra={"requestBody": {"content": {"application/json": {
                  "schema": {"$ref": "#/components/schemas/PushRequest"}}}, "required": True}})
    async def push(request: Request, authorization: Annotated[str | None, Header()] = None,
                   user_agent: Annotated[str | None, Header(include_in_schema=False)] = None) -> Response:
        # One hop to a worker thread does it all (sign-in check, body, database): this endpoint
        # carries every batch of a sync round. The body is validated straight from its JSON bytes
        # (pydantic-core parses and checks in one pass; FastAPI's own body handling would
        # json.loads it and validate the Python objects, which costs more than the database work
        # for a batch of a thousand entries). The reply is PushResponse JSON built directly (the
        # model is the documented response_model).
        body = await request.body()
        return Response(await run_in_threadpool(push_batch, authorization, user_agent, body), media_type="application/json")

    def push_batch(authorization: str | None, user_agent: str | None, body: bytes) -> str:
        with sessions() as s:
            w = who(s, authorization, user_agent)    # 401 / 403 before the body is looked at
            req = _push_request(body)
            observability.observe_push(w.user.office_code, req.entries)
            return core.push_json(s, w, req)

    @app.get(f"{pre}/sync/pull", response_model=p.PullResponse, tags=["sync"], responses=ERRORS)
    def pull(s: DB, w: Who, since: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
             limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> Response:
        return Response(core.pull(s, w, since, limit).model_dump_json(), media_type="application/json")

    @app.get(f"{pre}/sync/summary", response_model=p.SyncSummary, tags=["sync"], responses=ERRORS)
    def sync_summary(s: DB, w: Who) -> p.SyncSummary:
        return core.summary(s, w)

    @app.post(f"{pre}/sync/missing", response_model=p.MissingResponse, tags=["sync"], responses=ERRORS)
    def sync_missing(req: p.MissingRequest, s: DB, w: Who) -> p.MissingResponse:
        return core.missing(s, w, req)

    @app.post(f"{pre}/sync/restore", response_model=p.RestoreResponse, tags=["sync"], responses=ERRORS)
    def sync_restore(req: p.RestoreRequest, s: DB, w: Who) -> p.RestoreResponse:
        from counter_central.set_aside_restore import restore

        return restore(s, w, req)

    @app.post(f"{pre}/cases/updates", response_model=p.Change, status_code=201, tags=["sync"],
              responses={**ERRORS, 409: {"model": p.ErrorBody, "description": "状态迁移不允许"}})
    def case_update(upd: p.CaseUpdate, s: DB, w: Who) -> Response:
        return Response(core.post_case_update(s, w, upd), status_code=201, media_type="application/json")

    @app.get(f"{pre}/reference", response_model=p.ReferenceIndex, tags=["reference"], responses=ERRORS)
    def reference_index(s: DB, w: Who) -> p.ReferenceIndex:
        return core.reference_index(s)

    @app.get(f"{pre}/reference/{{name}}", response_model=p.ReferenceDocument, tags=["reference"],
             responses={**ERRORS, 404: {"model": p.ErrorBody}})
    def reference_document(s: DB, w: Who, name: Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,31}$")],
                           version: Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z0-9_.:-]+$")] = None
                           ) -> p.ReferenceDocument:
        return core.reference_document(s, name, version)

    @app.post(f"{pre}/reference", response_model=p.ReferenceDocument, status_code=201, tags=["reference"],
              responses={**ERRORS, 409: {"model": p.ErrorBody}})
    def publish_reference(doc: p.PublishReference, s: DB, w: Who) -> p.ReferenceDocument:
        core.require_role(w, "admin")
        return core.publish_reference(s, doc, by=w.user.username)

    from counter_central import approvals
    from counter_protocol import approvals as ap

    @app.get(f"{pre}{ap.PATH}", response_model=ap.ApprovalList, tags=["approvals"], responses=ERRORS)
    def approval_list(s: DB, w: Who, state: Annotated[str | None, Query(
            pattern=r"^(pending|approved|rejected|withdrawn|expired)$")] = None) -> ap.ApprovalList:
        """本分局的审批申请（科长、审计、管理员）。"""
        return approvals.list_requests(s, w, state)

    @app.post(f"{pre}{ap.PATH}/{{request_id}}/decision", response_model=ap.ApprovalRequest, tags=["approvals"],
              responses={**ERRORS, 404: {"model": p.ErrorBody}, 409: {"model": p.ErrorBody}})
    def approval_decide(body: ap.DecisionRequest, s: DB, w: Who,
                        request_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,36}$")]) -> ap.ApprovalRequest:
        """集中授权：审批人是令牌的用户；经办人本人、级别不足、其他分局、已决定的申请一律拒绝。"""
        core.refuse_unsafe_text(body.reason, "reason")     # shown at the maker's counter: no control characters
        return approvals.decide(s, w, request_id, body)

    from counter_central import certification as certs
    from counter_protocol import certification_sync as cs

    @app.get(f"{pre}{cs.REMINDERS_PATH}", response_model=cs.ReminderList, tags=["certification"],
             responses={**ERRORS, 422: {"model": p.ErrorBody}})
    def certification_reminders(s: DB, w: Who, days: Annotated[int | None, Query(ge=0, le=366)] = None
                                ) -> cs.ReminderList:
        """资格认证即将到期的本分局退休人员（6.6.3.2），证件号码、姓名、电话均已遮盖；只读。"""
        from counter_protocol.clock import beijing_day

        return certs.reminder_list(s, w, beijing_day(core.server_now()), days)    # the Beijing day

    from counter_central import reviews
    from counter_protocol import reviews as rv

    @app.get(f"{pre}{rv.PATH}", response_model=rv.ReviewList, tags=["approvals"], responses=ERRORS)
    def review_list(s: DB, w: Who, state: Annotated[str | None, Query(
            pattern=r"^(pending|proposed|passed|supplement|not_accepted)$")] = None) -> rv.ReviewList:
        """本分局的人工审核事项（6.1.1.1.6、6.4.1.1.1.1、6.5.1.2、6.6.1.1.1.2），收到最早的在前。"""
        return reviews.list_items(s, w, state)

    @app.post(f"{pre}{rv.PATH}", response_model=rv.ReviewItem, status_code=201, tags=["approvals"], responses=ERRORS)
    def review_add(body: rv.NewReviewItem, s: DB, w: Who) -> rv.ReviewItem:
        """网上渠道提交的人工审核事项（此处由管理员代为提交）。"""
        return reviews.add_item(s, w, body)

    @app.post(f"{pre}{rv.PATH}/{{item_id}}/proposal", response_model=rv.ReviewItem, tags=["approvals"],
              responses={**ERRORS, 404: {"model": p.ErrorBody}, 409: {"model": p.ErrorBody}})
    def review_propose(body: rv.ReviewProposal, s: DB, w: Who,
                       item_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,36}$")]) -> rv.ReviewItem:
        """初审：初审人是令牌的用户。"""
        return reviews.propose(s, w, item_id, body)

    @app.post(f"{pre}{rv.PATH}/{{item_id}}/decision", response_model=rv.ReviewItem, tags=["approvals"],
              responses={**ERRORS, 404: {"model": p.ErrorBody}, 409: {"model": p.ErrorBody}})
    def review_decide(body: rv.ReviewDecision, s: DB, w: Who,
                      item_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,36}$")]) -> rv.ReviewItem:
        """复核：复核人是令牌的用户，不能是初审人本人，须为本分局科长。"""
        return reviews.decide(s, w, item_id, body)

    from counter_central import dashboard as office_dash
    from counter_protocol import dashboard as dash

    @app.get(f"{pre}{dash.PATH}", response_model=dash.OfficeDashboard, tags=["approvals"], responses=ERRORS)
    def office_dashboard(s: DB, w: Who, office: Annotated[str, Path(pattern=r"^[A-Z0-9]{1,8}$")],
                         day: Annotated[date | None, Query()] = None) -> dash.OfficeDashboard:
        """本分局的当日情况（科长、审计）：按状态、事项、经办人；受理决定用时；超过办理时限（工作日）；评价；待审批。不含个人信息。"""
        from counter_central.core import server_now

        return office_dash.office_dashboard(s, w, office, day or (server_now() + timedelta(hours=8)).date())

    from counter_central import evaluation as office_eval
    from counter_protocol import evaluation as ev

    @app.get(f"{pre}{ev.PATH}", response_model=ev.EvaluationReport, tags=["approvals"], responses=ERRORS)
    def office_evaluation(s: DB, w: Who, office: Annotated[str, Path(pattern=r"^[A-Z0-9]{1,8}$")],
                          from_day: Annotated[date, Query(alias="from")], to_day: Annotated[date, Query(alias="to")],
                          by: Annotated[ev.Grouping, Query()] = "service") -> ev.EvaluationReport:
        """本分局的定期服务质量评价（7.5.2，科长、审计）：期间内（北京时间，含首尾两日，最长一年）按事项、经办人或分局的受理、办结、按时办结率、退回率，服务对象评价（满意率、平均分、差评）与差评工单。不含个人信息。"""
        from counter_central.core import ServiceError

        try:
            period = ev.checked_period(from_day, to_day)
        except ev.PeriodError as exc:
            raise ServiceError(422, str(exc), "bad_period", "改正评价期间的起止日期") from None
        return office_eval.office_evaluation(s, w, office, period, by)

    from counter_central import complaints as office_complaints
    from counter_protocol import complaints as tickets

    @app.get(f"{pre}{tickets.PATH}", response_model=tickets.TicketList, tags=["approvals"], responses=ERRORS)
    def office_complaint_tickets(s: DB, w: Who, office: Annotated[str, Path(pattern=r"^[A-Z0-9]{1,8}$")]
                                 ) -> tickets.TicketList:
        """本分局的差评工单（科长、审计）：各工作站受理、推进的工单，含环节、负责人、期限。不含个人信息。"""
        return office_complaints.office_tickets(s, w, office)

    # 电子社保卡 QR verification through the platform port (counter_central.essc)
    from counter_central import essc

    app.state.essc = essc.load_platform(engine, essc_adapter)
    app.include_router(essc.router(who, db, lambda: app.state.essc, core.server_now, REGISTRY_READERS), prefix=pre)
    # workstation audit trails and their anchors (counter_central.audit)
    from counter_central import audit

    app.include_router(audit.router(who, db, {**ERRORS, **BODY_ERRORS}, p.ErrorBody), prefix=pre)
    # the centre's copy of the case archive packages (counter_central.archive)
    from counter_central import archive

    app.include_router(archive.router(who, db, {**ERRORS, **BODY_ERRORS}, p.ErrorBody), prefix=pre)

    # field laptops: roster, home-visit requests (counter_central.field, docs/field.md)
    from counter_central import field

    app.include_router(field.router(who, db, {**ERRORS, **BODY_ERRORS}, p.ErrorBody), prefix=pre)

    @app.post(f"{pre}{reg.PERSON_PATH}", response_model=reg.RegistryAnswer, tags=["registry"], responses=ERRORS)
    def registry_person(req: reg.PersonLookup, s: DB, w: Who) -> reg.RegistryAnswer:
        """参保人档案查询: the ID number is in the body, never in the URL (docs/registry.md)."""
        from counter_central.audit import record_registry_read, registry_subject
        from counter_central.registry import answer_person

        core.require_role(w, *REGISTRY_READERS)
        answer = answer_person(s, req.id_number)
        record_registry_read(s, w, "person", registry_subject("person", req.id_number), answer.found)    # 查询留痕, before the answer goes
        return answer

    @app.post(f"{pre}{reg.UNIT_PATH}", response_model=reg.RegistryAnswer, tags=["registry"], responses=ERRORS)
    def registry_unit(req: reg.UnitLookup, s: DB, w: Who) -> reg.RegistryAnswer:
        """参保单位档案查询 by 统一社会信用代码 (in the body)."""
        from counter_central.audit import record_registry_read, registry_subject
        from counter_central.registry import answer_unit

        core.require_role(w, *REGISTRY_READERS)
        answer = answer_unit(s, req.uscc)
        record_registry_read(s, w, "unit", registry_subject("unit", req.uscc), answer.found)
        return answer

    @app.post(f"{pre}{same.OPEN_CHECK_PATH}", response_model=same.OpenCaseAnswer, tags=["cases"],
              responses={**ERRORS, 503: {"model": p.ErrorBody, "description": "中心的人员索引密钥不可用"}})
    def open_case_check(req: same.OpenCaseCheck, s: DB, w: Who) -> same.OpenCaseAnswer:
        """受理审核前查重：该参保人（参保单位自己的办件：该参保单位）是否另有同一事项的办件在办（任何工作站、任何分局），按事项目录的
        ``second_case`` 规则。证件号码（统一社会信用代码）只在请求内容中，中心不保存、不记录明文；其他分局的办件只答复办件编号、分局和状态。
        每次查重记入查询留痕（证件号码遮盖）。"""
        from counter_central import samecase
        from counter_central.audit import record_registry_read, registry_subject

        core.require_role(w, *REGISTRY_READERS)
        answer = samecase.open_check(s, w, req)
        # whether a person has a case in hand anywhere is a read of the person's record: 查询留痕
        record_registry_read(s, w, "samecase", registry_subject(req.party, req.ident), answer.blocking is not None)
        return answer

    _documented_push_models(app)
    return app


_ROUTING_ANSWERS = {
    404: ("中心服务没有这个接口", "not_found", "核对中心服务地址和客户端版本"),
    405: ("该接口不接受这种请求方法", "method_not_allowed", "核对客户端版本"),
}


def _invalid_request(errors: list[dict]) -> JSONResponse:
    """The documented 422 (``ValidationErrorBody``) of a malformed request."""
    return JSONResponse(status_code=422, content={"detail": "请求格式不正确", "reason": "invalid_request",
                                                  "suggested_action": "核对请求内容", "errors": errors})


def _printable(x):
    """``x`` safe to send as UTF-8 JSON (a lone surrogate in a field name is shown escaped)."""
    if isinstance(x, int):
        return x
    return str(x).encode("utf-8", "backslashreplace").decode("utf-8")


def _push_request(body: bytes) -> p.PushRequest:
    """The push body as a PushRequest; a malformed body is the same 422 as any other request's."""
    try:
        return p.PushRequest.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]) from None


def _documented_push_models(app: FastAPI) -> None:
    """The push body is read by hand (see ``push``), so FastAPI no longer collects PushRequest and
    OutboxItem for the OpenAPI document: add their schemas to the generated components."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            extra = p.PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(extra.pop("$defs", {}))
            schemas["PushRequest"] = extra
            schemas["ValidationErrorBody"] = p.ValidationErrorBody.model_json_schema(
                ref_template="#/components/schemas/{model}")
            schemas["FieldError"] = schemas["ValidationErrorBody"].pop("$defs")["FieldError"]
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            for item in doc.get("paths", {}).values():
                for op in item.values():
                    responses = op.get("responses", {})
                    if "422" in responses or "requestBody" in op:
                        responses["422"] = {"description": BODY_ERRORS[422]["description"], "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/ValidationErrorBody"}}}}
                    if "requestBody" in op:
                        responses["413"] = {"description": BODY_ERRORS[413]["description"], "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
            doc["components"]["schemas"] = dict(sorted(schemas.items()))
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the document


def openapi_document(app: FastAPI | None = None) -> dict:
    """The OpenAPI document as committed in docs/sync-api.json (no database needed)."""
    app = app or create_app("sqlite://", run_migrations=False)
    return app.openapi()
