"""Doctor checks of the sync area: the keyring keeps secrets safely, central service reachable,
clock skew against it, and a stalled outbox (online, entries waiting, no progress for
``[central] outbox_stall_minutes``)."""

from __future__ import annotations

from counter_app.config import Settings
from counter_app.health import FAIL, OK, WARN, Check


def keyring_check() -> Check:
    from counter_app.storage.crypto import keyring_install_hint
    from counter_app.sync.keystore import ALLOW_PLAINTEXT_ENV, _backend, describe, plaintext_allowed, problem

    try:
        why = problem()
        backend = describe(_backend())
    except Exception as exc:  # the keyring library itself cannot load a backend
        return Check("keyring", FAIL, f"系统密钥环无法使用：{type(exc).__name__}",
                     keyring_install_hint())
    if why is not None:
        return Check("keyring", FAIL, why, "启用系统密钥环后重新登录。")
    try:     # a keyring that is there but locked answers no read (a headless session, a timeout)
        from counter_app.storage.keyring_access import GUARDED

        GUARDED.get_password("counter-app", "sqlcipher")
    except Exception as exc:
        if type(exc).__name__ == "KeyringLocked":
            return Check("keyring", FAIL, f"系统密钥环已锁定（{backend}），取不到本地数据库的密钥和登录凭据。",
                         "解锁系统密钥环（重新登录桌面，或在“密码和密钥”中解锁“登录”密钥环）后重试；本机数据没有丢失。")
        return Check("keyring", FAIL, f"无法读取系统密钥环（{type(exc).__name__}）", "解锁或启用系统密钥环后重试。")
    if plaintext_allowed() and "Plaintext" in backend:
        return Check("keyring", WARN, f"密钥环 {backend} 以明文保存，仅因设置了 {ALLOW_PLAINTEXT_ENV}=1（测试/演示）而允许",
                     "正式使用前删除该环境变量并启用系统密钥环。")
    return Check("keyring", OK, f"登录凭据保存在系统密钥环：{backend}")


def checks(settings: Settings) -> list[Check]:
    return _central(settings) + _outbox(settings) + _office(settings) + _business(settings)


def _store_as_is():
    """The workstation's store as it is (no migration), or None when there is none or it does not
    open (the database check reports that)."""
    from counter_app.paths import app_paths
    from counter_app.storage.db import Store, StoreError

    path = app_paths().database_file
    if not path.exists():
        return None
    try:
        return Store.open(path, migrate=False)
    except StoreError:
        return None


def _office(settings: Settings) -> list[Check]:
    """The configured [office] code against the office the centre gave the signed-in user at their
    last online login on this machine (the workstation's office: the centre signs a user in only on
    a workstation of their own office)."""
    from counter_app.sync.auth import AuthManager, office_mismatch

    store = _store_as_is()
    if store is None:
        return []
    try:
        auth = AuthManager(store, settings)
        user = auth.current_user()
        info = auth.stored_user(user) if user else None
    except Exception:        # an older store's tables: the database check says it needs the upgrade
        return []
    finally:
        store.close()
    if info is None:
        return []
    wrong = office_mismatch(settings, info)
    if wrong:
        return [Check("office", FAIL, wrong, "改正 [office] code / name 后重新登录。")]
    return [Check("office", OK, f"分局代码 {settings.office.code} 与中心登记的一致（{user}）")]


def _business(settings: Settings) -> list[Check]:
    """What this store already knows keeps the workstation from business (AuthManager.business_block:
    the centre retired its 工作站编号 or disabled the account; a store restored from a backup that
    has not had the centre's numbers yet), and how many entries wait meanwhile; nothing when free."""
    from counter_app.sync.auth import AuthManager
    from counter_app.sync.outbox import OutboxRepository

    store = _store_as_is()
    if store is None:
        return []
    try:
        auth = AuthManager(store, settings)
        block = auth.business_block()
        refusal = auth.business_refusal()
        waiting = OutboxRepository(store).unsynced_count()
    except Exception:        # an older store's tables: the database check says it needs the upgrade
        return []
    finally:
        store.close()
    if refusal is None:
        return []
    left = f"本机有 {waiting} 条记录尚未同步到中心。" if waiting else "本机没有待同步的记录。"
    if block is not None and block[0] == "workstation_retired":
        return [Check("business", FAIL, f"工作站 {block[1]} 已被中心停用（本机已记录）：不能再以该编号登录、办理业务或同步。{left}",
                      "先在中心核对是否误停用（counter-central workstations list）；停用不可撤销。"
                      + ("这些记录中的文号属于原编号，换用新编号后中心不会接收，请先联系信息技术人员处理，再登记新编号并改配置"
                         "（counter-app config init --interactive）。" if waiting else
                         "请登记新编号（counter-central workstations add）并改配置（counter-app config init --interactive）后再登录。"))]
    if block is not None:
        return [Check("business", FAIL, f"账号 {block[1]} 已被中心停用（本机已记录），不能再以该账号办理业务。{left}",
                      "请系统管理员核对该账号；其他经办人用自己的账号联网登录后同步。")]
    return [Check("business", WARN, f"本地数据库已从备份恢复，尚未联网登录取得中心已用的文号和办件编号，暂不能办理业务。{left}",
                  "联网登录（counter-app login）并同步（counter-app sync run）后再办理业务。")]


def _outbox(settings: Settings) -> list[Check]:
    """The store as it is (no migration): is the queue moving?"""
    from datetime import timedelta

    from sqlalchemy.exc import SQLAlchemyError

    from counter_app.sync.stall import stalled_outbox

    store = _store_as_is()
    if store is None:
        return []
    try:
        stalled = stalled_outbox(store, stall_after=timedelta(minutes=settings.central.outbox_stall_minutes))
    except SQLAlchemyError as exc:
        return [Check("outbox", WARN, f"无法读取待同步队列：{exc.__class__.__name__}", "启动一次柜面客户端后再检查。")]
    finally:
        store.close()
    if stalled is None:
        return [Check("outbox", OK, "待同步队列正常（离线、为空或在推进）")]
    return [Check("outbox", WARN, stalled.message(),
                  "在「待同步」中查看该条记录；确认后台同步在运行、已登录中心服务；仍不推进请联系信息技术人员。")]


def _central(settings: Settings) -> list[Check]:
    from counter_protocol import sync as p
    from counter_app.sync.client import CentralClient, SyncError, WrongScheme

    key_check = keyring_check()

    url = settings.central.url
    client = CentralClient(url, timeout=min(settings.central.timeout_seconds, 5.0))
    try:
        health = client.health()
    except WrongScheme as exc:    # the address is wrong, not the network
        return [key_check, Check("central", WARN, f"中心服务 {url} 不可用：{exc}",
                                 "改正配置项 central.url 的 http:// / https:// 或端口（counter-app config init --interactive）；"
                                 "离线期间业务照常办理，记录在联网后自动同步。")]
    except SyncError as exc:
        return [key_check, Check("central", WARN, f"中心服务 {url} 不可用：{exc}",
                                 "检查网络和配置项 central.url；离线期间业务照常办理，记录在联网后自动同步。")]
    finally:
        client.close()
    # the centre's release+build beside this counter's (doctor's program check): IT sees who is behind
    out = [key_check, Check("central", OK if health.status == "ok" else WARN,
                 f"中心服务可用：{url}（版本 {health.version}，同步协议 {health.protocol}，数据库 {health.database}）")]
    if health.protocol != p.PROTOCOL_VERSION:
        out.append(Check("protocol", WARN, f"中心服务的同步协议为 {health.protocol}，本机为 {p.PROTOCOL_VERSION}",
                         "按 docs/deployment.md 的升级顺序把中心服务和本机升级到相符的版本。"))
    skew = p.clock_skew_seconds(health.server_time)
    if abs(skew) > p.CLOCK_SKEW_LIMIT_SECONDS:
        out.append(Check("clock", FAIL, f"本机时钟与中心服务相差 {abs(skew):.0f} 秒（超过 5 分钟）",
                         "校准本机时间（开启网络时间同步），否则文书日期和同步顺序可能出错。"))
    else:
        out.append(Check("clock", OK, f"本机时钟与中心服务相差 {abs(skew):.1f} 秒"))
    return out
