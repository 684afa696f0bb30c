"""The central service's answers, in the language of the UI.

The centre answers in Chinese: an outbox entry's result (``reason`` and ``suggested_action``, shown
in 待同步 and the status bar's stall warning) and a refused request (the ``detail`` of an
``ErrorBody``, shown through :func:`counter_app.ui.messages.plain_text`). The centre keeps no
translation of its own (it serves every client the same words, and the reference centre's words are
the contract's), so each sentence it can answer with is listed here (context ``CentreWords``; a
figure, a number or a word the centre put in is ``%1`` …) and worded through tr() when shown, with
the words it puts in worded too (a case state, an approval state, the words listed in
:data:`WORDS`; another listed sentence). The client's own sentences around a centre's answer
(中心服务拒收（…）：…, 需要重新登录：…) are listed too. A sentence not listed is shown as it came.

tests/unit/app/test_centre_words.py reads the centre's source and checks that every sentence it
answers with (each ``ServiceError``'s detail and suggested action, each entry result's reason and
action) is listed here and has an English entry.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# the least specific template: any "a（b）" when nothing else fits (each part worded on its own)
GENERIC_PAIR = "%1（%2）"

TEMPLATES = (   # object: QT_TRANSLATE_NOOP's type; a str at run time
    # an entry of the outbox (counter_central.core._push, _state_check, _number_problem)
    QT_TRANSLATE_NOOP("CentreWords", "同一编号的记录已收到，但内容不同（记录在发送后被修改过）"),
    QT_TRANSLATE_NOOP("CentreWords", "不要重复使用编号：修改后的内容作为新记录发送（客户端会自动处理）；如仍出现请联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "办件属于分局 %1，本工作站属于分局 %2"),
    QT_TRANSLATE_NOOP("CentreWords", "只能办理本分局的办件"),
    QT_TRANSLATE_NOOP("CentreWords", "没有「%1」这个办件状态"),
    QT_TRANSLATE_NOOP("CentreWords", "from_state 应为状态名称"),
    QT_TRANSLATE_NOOP("CentreWords", "办件在中心的当前状态为%1，本操作要求当前状态为「%2」"),
    QT_TRANSLATE_NOOP("CentreWords", "先同步以取得办件最新状态，再按最新状态重新办理"),
    QT_TRANSLATE_NOOP("CentreWords", "不允许从「%1」变为「%2」"),
    QT_TRANSLATE_NOOP("CentreWords", "核对业务流程；如确需办理请联系科长"),
    QT_TRANSLATE_NOOP("CentreWords", "内容摘要与内容不符（传输中损坏或客户端错误）"),
    QT_TRANSLATE_NOOP("CentreWords", "重试发送；如反复出现请联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "%1 的数值超出范围或不是有效数字（如 NaN、Infinity），不能保存"),
    QT_TRANSLATE_NOOP("CentreWords", "请联系信息技术人员核对该业务的数据"),
    QT_TRANSLATE_NOOP("CentreWords", "文号 %1 不是本工作站（%2）开具的"),
    QT_TRANSLATE_NOOP("CentreWords", "核对文号；如反复出现请联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "文书上的分局代码（%1）不是本工作站所属的分局（%2）"),
    # a refusal of a request (counter_central.core)
    QT_TRANSLATE_NOOP("CentreWords", "登录的工作站与提交数据的工作站不一致"),
    QT_TRANSLATE_NOOP("CentreWords", "在本工作站重新登录后再同步"),
    QT_TRANSLATE_NOOP("CentreWords", "审计人员只能查看，不能提交业务数据"),
    QT_TRANSLATE_NOOP("CentreWords", "由经办人员登录后同步"),
    QT_TRANSLATE_NOOP("CentreWords", "没有权限执行此操作"),
    QT_TRANSLATE_NOOP("CentreWords", "需要角色：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "未登录"),
    QT_TRANSLATE_NOOP("CentreWords", "请先登录"),
    QT_TRANSLATE_NOOP("CentreWords", "登录已过期或已注销"),
    QT_TRANSLATE_NOOP("CentreWords", "重新登录"),
    QT_TRANSLATE_NOOP("CentreWords", "该登录凭据已被使用过，为安全起见本次登录已全部注销"),
    QT_TRANSLATE_NOOP("CentreWords", "该账号已停用"),
    QT_TRANSLATE_NOOP("CentreWords", "联系系统管理员"),
    QT_TRANSLATE_NOOP("CentreWords", "用户名或密码不正确"),
    QT_TRANSLATE_NOOP("CentreWords", "核对用户名和密码后重新登录"),
    QT_TRANSLATE_NOOP("CentreWords", "连续 %1 次密码错误，账号已锁定至 %2（北京时间）"),
    QT_TRANSLATE_NOOP("CentreWords", "稍后再试，或请系统管理员重置密码"),
    QT_TRANSLATE_NOOP("CentreWords", "科长和管理员须使用动态验证码登录，该账号尚未开通"),
    QT_TRANSLATE_NOOP("CentreWords", "请系统管理员开通动态验证码（counter-central users totp-enrol）"),
    QT_TRANSLATE_NOOP("CentreWords", "请输入动态验证码（身份验证器上的 6 位数字）"),
    QT_TRANSLATE_NOOP("CentreWords", "输入动态验证码后重新登录"),
    QT_TRANSLATE_NOOP("CentreWords", "动态验证码不正确或已使用过"),
    QT_TRANSLATE_NOOP("CentreWords", "等身份验证器显示新的验证码后重新登录"),
    QT_TRANSLATE_NOOP("CentreWords", "只有本分局的科长（supervisor）或管理员可以登记工作站"),
    QT_TRANSLATE_NOOP("CentreWords", "请科长或管理员登记"),
    QT_TRANSLATE_NOOP("CentreWords", "分局代码 %1 不存在"),
    QT_TRANSLATE_NOOP("CentreWords", "核对分局代码"),
    QT_TRANSLATE_NOOP("CentreWords", "工作站 %1 已登记在分局 %2"),
    QT_TRANSLATE_NOOP("CentreWords", "换用新的工作站编号，或请管理员处理"),
    QT_TRANSLATE_NOOP("CentreWords", "工作站 %1 已停用"),
    QT_TRANSLATE_NOOP("CentreWords", "换用新的工作站编号"),
    QT_TRANSLATE_NOOP("CentreWords", "工作站 %1 未登记"),
    QT_TRANSLATE_NOOP("CentreWords", "请管理员先登记本工作站（counter-central workstations add）"),
    QT_TRANSLATE_NOOP("CentreWords", "请在已登记的工作站上登录"),
    QT_TRANSLATE_NOOP("CentreWords", "工作站 %1 属于分局 %2，本账号属于分局 %3"),
    QT_TRANSLATE_NOOP("CentreWords", "请在本分局的工作站上登录"),
    QT_TRANSLATE_NOOP("CentreWords", "只能处理本分局（%1）的办件"),
    QT_TRANSLATE_NOOP("CentreWords", "请由该分局的科长处理"),
    QT_TRANSLATE_NOOP("CentreWords", "办件属于分局 %1，不能由分局 %2 处理"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人不能是经办人本人"),
    QT_TRANSLATE_NOOP("CentreWords", "请由另一位科长审批"),
    QT_TRANSLATE_NOOP("CentreWords", "核对目标状态"),
    QT_TRANSLATE_NOOP("CentreWords", "办件在中心的当前状态为「%1」，不能变为「%2」"),
    QT_TRANSLATE_NOOP("CentreWords", "先同步以取得办件最新状态，再按业务流程办理"),
    QT_TRANSLATE_NOOP("CentreWords", "更新内容无法保存（嵌套过深或包含无效字符）"),
    QT_TRANSLATE_NOOP("CentreWords", "核对更新内容"),
    QT_TRANSLATE_NOOP("CentreWords", "参考数据 %1 版本 %2 已发布且内容不同"),
    QT_TRANSLATE_NOOP("CentreWords", "使用新的版本号发布"),
    QT_TRANSLATE_NOOP("CentreWords", "没有参考数据 %1 版本 %2"),
    QT_TRANSLATE_NOOP("CentreWords", "没有参考数据 %1"),
    QT_TRANSLATE_NOOP("CentreWords", "核对名称与版本"),
    QT_TRANSLATE_NOOP("CentreWords", "结构不符合要求"),
    QT_TRANSLATE_NOOP("CentreWords", "只能查看本分局（%1）的数据"),
    # 定期评价 (counter_protocol.evaluation): a period the centre, or the window itself, refuses
    QT_TRANSLATE_NOOP("CentreWords", "评价期间的结束日期（%1）早于开始日期（%2）"),
    QT_TRANSLATE_NOOP("CentreWords", "评价期间最长 %1 天（现为 %2 天），请分段查看"),
    QT_TRANSLATE_NOOP("CentreWords", "请选择评价期间的开始和结束日期"),
    QT_TRANSLATE_NOOP("CentreWords", "改正评价期间的起止日期"),
    QT_TRANSLATE_NOOP("CentreWords", "登录本分局的账号"),
    QT_TRANSLATE_NOOP("CentreWords", "没有该审核事项"),
    QT_TRANSLATE_NOOP("CentreWords", "核对事项编号"),
    QT_TRANSLATE_NOOP("CentreWords", "由本分局经办人初审"),
    QT_TRANSLATE_NOOP("CentreWords", "由本分局另一位科长复核"),
    QT_TRANSLATE_NOOP("CentreWords", "电子社保卡平台暂时无法核验。"),
    QT_TRANSLATE_NOOP("CentreWords", "请读取实体社保卡或身份证。"),
    QT_TRANSLATE_NOOP("CentreWords", "在该工作站运行 counter-app audit verify，并报告信息安全管理员"),
    # 分级授权: approval requests, decisions and withdrawals (counter_central.approvals, counter_protocol.approvals)
    QT_TRANSLATE_NOOP("CentreWords", "审批记录内容不完整：%1 %2"),
    QT_TRANSLATE_NOOP("CentreWords", "中心不认识的审批记录类型：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "请联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请编号已存在"),
    QT_TRANSLATE_NOOP("CentreWords", "审批申请的经办人与提交人不一致"),
    QT_TRANSLATE_NOOP("CentreWords", "由经办人本人重新提出申请"),
    QT_TRANSLATE_NOOP("CentreWords", "该办件已有同一事项的审批申请在等待审批，不能重复申请"),
    QT_TRANSLATE_NOOP("CentreWords", "等待负责人审批，或先撤回原申请"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人应为账号名称"),
    QT_TRANSLATE_NOOP("CentreWords", "「%1」须经负责人审批（分级授权），该记录没有审批人"),
    QT_TRANSLATE_NOOP("CentreWords", "由负责人现场授权或集中授权后再办理"),
    QT_TRANSLATE_NOOP("CentreWords", "中心没有负责人 %1 批准该办件「%2」的审批记录，不能确认该决定经过审批"),
    QT_TRANSLATE_NOOP("CentreWords", "中心没有负责人 %1 批准该办件的审批记录，不能确认该决定经过审批"),
    QT_TRANSLATE_NOOP("CentreWords", "先同步审批申请和审批决定；如仍出现请联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "该记录的%1与负责人 %2 批准的「%3」审批申请不一致：批准只能按申请中的内容办理，不能改动"),
    QT_TRANSLATE_NOOP("CentreWords", "按批准的审批申请办理，或重新提出审批申请"),
    QT_TRANSLATE_NOOP("CentreWords", "负责人 %1 批准的「%2」审批申请已用于该办件的另一条记录：一次批准只能办理一次"),
    QT_TRANSLATE_NOOP("CentreWords", "如需再次办理，请重新提出审批申请"),
    # 办结 / 不予认定 / 归档 only after the steps the centre accepted (counter_central.case_steps)
    QT_TRANSLATE_NOOP("CentreWords", "中心没有该办件以下步骤已完成的记录，不能办结：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "中心没有该办件以下步骤已完成的记录，不能归档：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "该办件的核查结论为不符合条件，不能办结"),
    QT_TRANSLATE_NOOP("CentreWords", "中心没有该办件核查结论为不符合条件的记录，不能作出不予认定"),
    QT_TRANSLATE_NOOP("CentreWords", "事项「%1」没有不予认定，不能作出不予认定"),
    QT_TRANSLATE_NOOP("CentreWords", "中心没有该办件的服务事项记录，不能确认所需的步骤已完成"),
    QT_TRANSLATE_NOOP("CentreWords", "中心的服务事项目录中没有事项「%1」，不能确认所需的步骤已完成"),
    QT_TRANSLATE_NOOP("CentreWords", "先同步该办件已办理的步骤，完成所需步骤后再办理；如仍出现请联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "按核查结论办理（不予认定）；如结论有误请联系科长"),
    QT_TRANSLATE_NOOP("CentreWords", "该记录注明了审批人 %1，但不是需要审批的事项（审批点），中心不能确认所注明的审批"),
    QT_TRANSLATE_NOOP("CentreWords", "核对该记录；如仍出现请联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人 %1 不是有效的账号"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请属于 %1，不能由其他分局（%2）的工作站处理"),
    QT_TRANSLATE_NOOP("CentreWords", "现场授权缺少审批人本人的验证（审批人须在本工作站输入自己的密码），不能确认是审批人本人作出的决定"),
    QT_TRANSLATE_NOOP("CentreWords", "现场授权的审批人验证不符：不能确认该决定是审批人本人在本工作站作出的"),
    QT_TRANSLATE_NOOP("CentreWords", "中心没有该审批申请"),
    QT_TRANSLATE_NOOP("CentreWords", "先同步审批申请"),
    QT_TRANSLATE_NOOP("CentreWords", "在提出申请的分局现场授权，或由本分局负责人集中授权"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请在决定前已过期（%1）"),
    QT_TRANSLATE_NOOP("CentreWords", "提出后超过 %1 小时未审批"),
    QT_TRANSLATE_NOOP("CentreWords", "审批决定针对的内容与申请不一致（申请提出后内容被改动）"),
    QT_TRANSLATE_NOOP("CentreWords", "由有权限的负责人重新审批"),
    QT_TRANSLATE_NOOP("CentreWords", "由经办人在本分局的工作站撤回"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能撤回"),
    QT_TRANSLATE_NOOP("CentreWords", "只有经办人本人可以撤回审批申请"),
    QT_TRANSLATE_NOOP("CentreWords", "没有该审批申请"),
    QT_TRANSLATE_NOOP("CentreWords", "核对申请编号"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请已过期（%1），不能再作决定"),
    QT_TRANSLATE_NOOP("CentreWords", "请经办人重新提出审批申请"),
    QT_TRANSLATE_NOOP("CentreWords", "由有权限的负责人审批"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能再作决定"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人不能是经办人本人：不能审批自己提出的申请"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人不能是经办人本人：该申请是以您的账号提交到中心的，不能由您审批"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人不能是经办人本人：您参与了该申请的办理（如认证、上门认证），不能由您审批"),
    QT_TRANSLATE_NOOP("CentreWords", "只有科长（负责人）可以审批"),
    QT_TRANSLATE_NOOP("CentreWords", "只能审批本分局（%1）的申请，该申请属于 %2"),
    QT_TRANSLATE_NOOP("CentreWords", "审批级别不足：该事项须由%1（%2 级）审批，您的级别为 %3"),
    QT_TRANSLATE_NOOP("CentreWords", "请填写审批意见（理由）"),
    # 上门认证 (counter_central.field)
    QT_TRANSLATE_NOOP("CentreWords", "笔记本电脑的签名公钥格式不正确"),
    QT_TRANSLATE_NOOP("CentreWords", "在笔记本电脑上重新拉取名单"),
    QT_TRANSLATE_NOOP("CentreWords", "档案中没有此人，无法申请上门认证"),
    QT_TRANSLATE_NOOP("CentreWords", "核对证件号码"),
    QT_TRANSLATE_NOOP("CentreWords", "此人不是退休人员（不领取养老待遇），无需资格认证"),
    QT_TRANSLATE_NOOP("CentreWords", "该记录不能入库；请在笔记本电脑上核查（counter-app field visits）并重新上门认证"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证记录内容不完整"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证记录不符合要求（编号、结果或两名工作人员）"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证记录的上门时间超出范围"),
    QT_TRANSLATE_NOOP("CentreWords", "在笔记本电脑上核对日期和时间后重新上门认证"),
    # 资格认证 (counter_central.certification)
    QT_TRANSLATE_NOOP("CentreWords", "中心不认识的认证记录类型：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "认证记录内容不完整：%1 %2"),
    QT_TRANSLATE_NOOP("CentreWords", "认证记录编号与内容不一致"),
    QT_TRANSLATE_NOOP("CentreWords", "认证时间超出范围"),
    QT_TRANSLATE_NOOP("CentreWords", "核对本机的日期和时间后重新认证"),
    QT_TRANSLATE_NOOP("CentreWords", "参保档案中没有该人员，无法登记认证结果"),
    QT_TRANSLATE_NOOP("CentreWords", "核对证件号码后重新认证"),
    QT_TRANSLATE_NOOP("CentreWords", "该人员不是领取待遇的退休人员（或已死亡），不能登记资格认证"),
    QT_TRANSLATE_NOOP("CentreWords", "核对参保档案"),
    QT_TRANSLATE_NOOP("CentreWords", "认证记录的经办人（%1）与记录该认证的账号（%2）不一致"),
    QT_TRANSLATE_NOOP("CentreWords", "由经办人本人登录后重新认证"),
    # 上门认证申请 raised at the window (counter_central.field.check_request_entry)
    QT_TRANSLATE_NOOP("CentreWords", "上门认证申请内容不完整：%1 %2"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证申请编号与内容不一致"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证申请的经办人（%1）与记录该申请的账号（%2）不一致"),
    QT_TRANSLATE_NOOP("CentreWords", "由经办人本人登录后重新申请"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证申请未登记：%1"),
    # the client's own words around a centre's answer (counter_app.sync.worker)
    QT_TRANSLATE_NOOP("CentreWords", "中心服务拒收（%1）：%2"),
    QT_TRANSLATE_NOOP("CentreWords", "核对该记录内容；修改后点「重试」，或联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "需要重新登录：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "需要重新登录中心服务：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "尚未联网登录中心服务，请先运行 counter-app login 用户名"),
    QT_TRANSLATE_NOOP("CentreWords", "%1（%2）"),   # GENERIC_PAIR: the sync refused, what to do (worker._failed, 403)
    QT_TRANSLATE_NOOP("CentreWords", "中心服务暂时不可用（%1）：%2"),
    QT_TRANSLATE_NOOP("CentreWords", "连接中心服务超时：中心没有及时响应，稍后会自动重试。"),
    QT_TRANSLATE_NOOP("CentreWords", "与中心服务的连接中断，稍后会自动重试。"),
    QT_TRANSLATE_NOOP("CentreWords", "未登录中心服务"),
    # counter_central.audit: the workstation's audit records refused
    QT_TRANSLATE_NOOP("CentreWords", "审计记录链不连续或被改动：%1"),
    QT_TRANSLATE_NOOP("CentreWords",
                      "工作站 %1 的审计记录第 %2 条与中心已保存的不同（%3）：本机的数据可能是从备份恢复的，或另一台电脑使用了同一工作站编号"),
    QT_TRANSLATE_NOOP("CentreWords", "新版柜面程序会在下次同步时另起一条审计记录链继续上传；如仍出现，请报告信息安全管理员核查"),
    QT_TRANSLATE_NOOP("CentreWords", "同一序号的记录内容不同"),
    QT_TRANSLATE_NOOP("CentreWords", "本机的前一条记录不是中心保存的链头"),
    # a request the centre could not read or take (counter_central.app, counter_central.limits)
    QT_TRANSLATE_NOOP("CentreWords", "请求格式不正确"),
    QT_TRANSLATE_NOOP("CentreWords", "请求格式不正确：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "核对请求内容"),
    QT_TRANSLATE_NOOP("CentreWords", "请求内容过大（上限 %1 KB）"),
    QT_TRANSLATE_NOOP("CentreWords", "分批提交；如反复出现请联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "请求内容不是有效的 UTF-8 编码"),
    QT_TRANSLATE_NOOP("CentreWords", "以 UTF-8 编码发送请求"),
    QT_TRANSLATE_NOOP("CentreWords", "请求内容嵌套过深（上限 %1 层）"),
    QT_TRANSLATE_NOOP("CentreWords", "请求内容包含无效的 Unicode 字符（单独的代理项）"),
    QT_TRANSLATE_NOOP("CentreWords", "中心服务繁忙，请稍后再试"),
    QT_TRANSLATE_NOOP("CentreWords", "中心数据库暂时无法连接，请稍后再试"),
    QT_TRANSLATE_NOOP("CentreWords", "业务已保存在本机，客户端将在约 %1 秒后自动重试；如持续出现，请联系中心的信息技术人员检查数据库"),
    QT_TRANSLATE_NOOP("CentreWords", "客户端将在约 %1 秒后自动重试（随机错开），无需操作"),
    # 2026-12-05: dates a workstation wrote, the service a case was opened as, decisions posted as case updates
    QT_TRANSLATE_NOOP("CentreWords", "中心没有该办件，不能更改其状态"),
    QT_TRANSLATE_NOOP("CentreWords", "先由窗口同步该办件"),
    QT_TRANSLATE_NOOP("CentreWords", "受理记录的事项编码与该办件在中心登记的事项不一致"),
    QT_TRANSLATE_NOOP("CentreWords", "按办件原来的事项办理；事项不同的应另建办件"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人不能是经办人本人：您参与了该办件的办理，不能由您审批"),
    QT_TRANSLATE_NOOP("CentreWords", "审批申请的提出时间不在有效范围（晚于中心当前时间或超出日历范围），工作站时钟可能不准"),
    QT_TRANSLATE_NOOP("CentreWords", "审批决定的时间不在有效范围（晚于中心当前时间或超出日历范围），工作站时钟可能不准"),
    QT_TRANSLATE_NOOP("CentreWords", "审批决定的时间早于审批申请的提出时间"),
    QT_TRANSLATE_NOOP("CentreWords", "核对工作站的日期和时间后重新办理"),
    QT_TRANSLATE_NOOP("CentreWords", "请由本分局有相应审批级别、未参与办理的科长处理"),
    # the open-case check at 受理审核 (counter_central.samecase)
    QT_TRANSLATE_NOOP("CentreWords", "事项目录中没有事项 %1"),
    QT_TRANSLATE_NOOP("CentreWords", "核对事项编码或更新事项目录"),
    QT_TRANSLATE_NOOP("CentreWords", "请信息技术人员检查中心配置"),
    QT_TRANSLATE_NOOP("CentreWords", "请信息技术人员检查中心的记录加密密钥文件"),
    # a home visit checked against the centre's accounts and roster (counter_central.field)
    QT_TRANSLATE_NOOP("CentreWords", "上门认证的工作人员须为本分局在职的外勤、窗口或科长账号"),
    QT_TRANSLATE_NOOP("CentreWords", "核对上门认证记录；如确有其事请联系信息技术人员"),
    QT_TRANSLATE_NOOP("CentreWords", "记录上门认证的账号不是该次上门的工作人员"),
    QT_TRANSLATE_NOOP("CentreWords", "该人员不在本分局的上门认证名单上（不是本分局领取待遇的人员，也没有本分局的上门认证申请）"),
    QT_TRANSLATE_NOOP("CentreWords", "该人员不是领取待遇的退休人员，不能登记资格认证"),
    # the evidence, the dates and the keys of a home visit (counter_central.field)
    QT_TRANSLATE_NOOP("CentreWords", "认证通过须读取本人社保卡或身份证芯片，该记录没有读卡"),
    QT_TRANSLATE_NOOP("CentreWords", "读到的卡与被认证人不符，不能认证通过"),
    QT_TRANSLATE_NOOP("CentreWords", "指纹比对不一致，不能认证通过"),
    QT_TRANSLATE_NOOP("CentreWords", "该人员在档案中有指纹模板，认证通过须指纹比对一致"),
    QT_TRANSLATE_NOOP("CentreWords", "该人员在档案中没有指纹模板，认证通过须由工作人员核对档案照片并拍摄现场照片"),
    QT_TRANSLATE_NOOP("CentreWords", "认证通过须由本人签名，该记录没有签名"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证记录的签名方式不正确"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证记录没有核实上门地址"),
    QT_TRANSLATE_NOOP("CentreWords", "上门日期 %1 早于该笔记本电脑拉取名单的日期 %2"),
    QT_TRANSLATE_NOOP("CentreWords", "上门日期 %1 不在该笔记本电脑所拉取名单的有效期内"),
    QT_TRANSLATE_NOOP("CentreWords", "中心没有该笔记本电脑用此签名密钥拉取名单的记录，上门认证记录无从核对"),
    QT_TRANSLATE_NOOP("CentreWords", "该人员已于 %1 通过资格认证，晚于本次上门日期 %2，认证日期不能倒退"),
    QT_TRANSLATE_NOOP("CentreWords", "该人员的认证仍然有效，无需为此再次上门；请在笔记本电脑上重新拉取名单"),
    QT_TRANSLATE_NOOP("CentreWords", "同步上门认证记录的登录账号不是该次上门的工作人员"),
    QT_TRANSLATE_NOOP("CentreWords", "由参加该次上门的工作人员在该笔记本电脑上登录，在待同步中重新发送"),
    QT_TRANSLATE_NOOP("CentreWords", "该笔记本电脑的签名密钥已被中心停用"),
    QT_TRANSLATE_NOOP("CentreWords", "请信息技术人员为该笔记本重新生成签名密钥（counter-app field new-key），重新拉取名单后再上门认证；用已停用密钥封存的记录不能入库"),  # noqa: E501
    # a new key of a workstation whose key was revoked, before IT allowed it (counter_central.field.register_key)
    QT_TRANSLATE_NOOP("CentreWords", "该笔记本电脑的签名密钥已被中心停用，新的签名密钥须经信息技术人员在中心准许后才能登记"),
    QT_TRANSLATE_NOOP("CentreWords", "请信息技术人员核实笔记本电脑后在中心准许登记新密钥（counter-central field allow-new-key），再联网登录并重新拉取名单"),  # noqa: E501
    # who may push what (counter_central.core._push)
    QT_TRANSLATE_NOOP("CentreWords", "外勤账号只能同步上门认证记录，不能提交窗口业务数据"),
    QT_TRANSLATE_NOOP("CentreWords", "该账号没有办理窗口业务的权限，不能提交业务数据"),
    QT_TRANSLATE_NOOP("CentreWords", "由窗口经办人员登录后同步"),
    # a case entry done by an account without a counter role (counter_central.core._actor_refusal)
    QT_TRANSLATE_NOOP("CentreWords", "经办人 %1 不是窗口经办人或科长（%2），不能办理窗口业务"),
    QT_TRANSLATE_NOOP("CentreWords", "由窗口经办人或科长重新办理；核对该账号的角色，并检查该工作站的使用记录"),
    QT_TRANSLATE_NOOP("CentreWords", "由有该岗位权限的人员重新办理；核对该账号的角色，并检查该工作站的使用记录"),
    # the router's own answers (counter_central.app._ROUTING_ANSWERS)
    QT_TRANSLATE_NOOP("CentreWords", "中心服务没有这个接口"),
    QT_TRANSLATE_NOOP("CentreWords", "核对中心服务地址和客户端版本"),
    QT_TRANSLATE_NOOP("CentreWords", "该接口不接受这种请求方法"),
    QT_TRANSLATE_NOOP("CentreWords", "核对客户端版本"),
    # a home-visit request for another office's person (counter_central.field.request_visit)
    QT_TRANSLATE_NOOP("CentreWords", "此人属于分局 %1，上门认证由该分局申请和安排"),
    QT_TRANSLATE_NOOP("CentreWords", "请联系该分局"),
    # what is wrong with a field of a request or an entry (counter_protocol.field_errors, in a 422's errors[] and
    # in 审批记录内容不完整：%1 %2)
    QT_TRANSLATE_NOOP("CentreWords", "缺少必填项"),
    QT_TRANSLATE_NOOP("CentreWords", "不允许的字段"),
    QT_TRANSLATE_NOOP("CentreWords", "应为文本"),
    QT_TRANSLATE_NOOP("CentreWords", "应为有效的 Unicode 文本"),
    QT_TRANSLATE_NOOP("CentreWords", "长度不能少于 %1 个字符"),
    QT_TRANSLATE_NOOP("CentreWords", "长度不能超过 %1 个字符"),
    QT_TRANSLATE_NOOP("CentreWords", "格式不正确"),
    QT_TRANSLATE_NOOP("CentreWords", "应为整数"),
    QT_TRANSLATE_NOOP("CentreWords", "整数超出范围"),
    QT_TRANSLATE_NOOP("CentreWords", "应为整数，不能有小数部分"),
    QT_TRANSLATE_NOOP("CentreWords", "应为数字"),
    QT_TRANSLATE_NOOP("CentreWords", "应为有限的数字"),
    QT_TRANSLATE_NOOP("CentreWords", "数字位数不能超过 %1 位"),
    QT_TRANSLATE_NOOP("CentreWords", "小数位数不能超过 %1 位"),
    QT_TRANSLATE_NOOP("CentreWords", "应为是或否（true / false）"),
    QT_TRANSLATE_NOOP("CentreWords", "应大于 %1"),
    QT_TRANSLATE_NOOP("CentreWords", "应不小于 %1"),
    QT_TRANSLATE_NOOP("CentreWords", "应小于 %1"),
    QT_TRANSLATE_NOOP("CentreWords", "应不大于 %1"),
    QT_TRANSLATE_NOOP("CentreWords", "应为 %1 的倍数"),
    QT_TRANSLATE_NOOP("CentreWords", "应为日期时间（如 2026-01-31T09:30:00+08:00）"),
    QT_TRANSLATE_NOOP("CentreWords", "日期时间无效"),
    QT_TRANSLATE_NOOP("CentreWords", "应带时区（如 +08:00）"),
    QT_TRANSLATE_NOOP("CentreWords", "不应带时区"),
    QT_TRANSLATE_NOOP("CentreWords", "应为日期（如 2026-01-31）"),
    QT_TRANSLATE_NOOP("CentreWords", "应为日期，不能带时刻"),
    QT_TRANSLATE_NOOP("CentreWords", "应为时刻（如 09:30:00）"),
    QT_TRANSLATE_NOOP("CentreWords", "应为时长"),
    QT_TRANSLATE_NOOP("CentreWords", "应为 UUID"),
    QT_TRANSLATE_NOOP("CentreWords", "UUID 版本不正确"),
    QT_TRANSLATE_NOOP("CentreWords", "应为以下取值之一：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "应为对象（JSON 对象）"),
    QT_TRANSLATE_NOOP("CentreWords", "应为列表"),
    QT_TRANSLATE_NOOP("CentreWords", "至少应有 %1 项"),
    QT_TRANSLATE_NOOP("CentreWords", "最多只能有 %1 项"),
    QT_TRANSLATE_NOOP("CentreWords", "长度不能超过 %1 个字节"),
    QT_TRANSLATE_NOOP("CentreWords", "不是有效的 JSON"),
    QT_TRANSLATE_NOOP("CentreWords", "应为 JSON 文本"),
    QT_TRANSLATE_NOOP("CentreWords", "应为空（null）"),
    QT_TRANSLATE_NOOP("CentreWords", "类型标记不正确"),
    QT_TRANSLATE_NOOP("CentreWords", "缺少类型标记"),
    QT_TRANSLATE_NOOP("CentreWords", "应为网址"),
    QT_TRANSLATE_NOOP("CentreWords", "取值不正确"),
    QT_TRANSLATE_NOOP("CentreWords", "内容不正确"),
    # 2026-12-05 (fourteenth session): what a sealed home visit may carry
    QT_TRANSLATE_NOOP("CentreWords", "上门认证记录的地址或备注不是文字"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证记录的地址超过 %1 个字"),
    QT_TRANSLATE_NOOP("CentreWords", "上门认证记录的地址或备注含有不可保存的控制字符（%1）"),
    QT_TRANSLATE_NOOP("CentreWords", "该人员在档案中既没有指纹模板也没有照片，无从核对身份，不能上门认证通过"),
    # 2026-12-06: a home visit synced by a colleague on the same laptop (counter_central.field._staff_refusal)
    QT_TRANSLATE_NOOP("CentreWords", "同步他人上门认证记录的登录账号须为本分局的外勤账号"),
    QT_TRANSLATE_NOOP("CentreWords", "由本分局的外勤人员或参加该次上门的工作人员在该笔记本电脑上登录，在待同步中重新发送"),
    QT_TRANSLATE_NOOP("CentreWords", "记录该次上门的账号在上门时间之前没有在该笔记本电脑上登录过，无从确认该记录由其本人登记"),
    QT_TRANSLATE_NOOP("CentreWords", "该记录不能入库；请核查该笔记本电脑的上门认证记录，如确有其事请联系信息技术人员"),
    # 2026-12-06: a home visit older than one the centre accepted for the same person (counter_central.field._superseded_refusal)
    QT_TRANSLATE_NOOP("CentreWords", "中心已收到该人员 %1 的上门认证记录，晚于本次上门时间 %2，本次记录已被其取代"),
    QT_TRANSLATE_NOOP("CentreWords", "无需为此再次上门；请在笔记本电脑上重新拉取名单"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人不能是经办人本人：您的账号与参与办理的账号 %1 登记的工号相同，是同一人，不能由您审批"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人不能是经办人本人：您的账号与参与办理的账号 %1 姓名相同、同属分局 %2，未登记工号时视为同一人，不能由您审批；如确为两人，请系统管理员为两个账号登记工号（counter-central users set-staff-no）"),  # noqa: E501
    QT_TRANSLATE_NOOP("CentreWords", "审批级别不足：「%1」按中心现行分级授权表须由%2（%3 级）审批，审批人 %4 的级别为 %5"),
    QT_TRANSLATE_NOOP("CentreWords", "由有相应审批级别的负责人重新审批后再办理"),
    # 2026-12-06: approvals scoped by office and case, reference tables checked, free text refused
    QT_TRANSLATE_NOOP("CentreWords", "%1 未发布：柜面无法使用这个版本（%2）"),
    QT_TRANSLATE_NOOP("CentreWords", "删去控制字符和文字方向控制符（如从别处粘贴带来的）后重新提交"),
    QT_TRANSLATE_NOOP("CentreWords", "只有经办人本人可以撤回审批申请：该撤回记录不是经办人在本工作站登录期间作出的"),
    QT_TRANSLATE_NOOP("CentreWords", "只能为本分局的办件提出审批申请"),
    # an approval point the case's service lacks (counter_protocol.approvals.point_refusal)
    QT_TRANSLATE_NOOP("CentreWords", "办件的服务事项「%1」没有「%2」审批点，不能提出该审批申请"),
    QT_TRANSLATE_NOOP("CentreWords", "办件的服务事项「%1」没有「%2」审批点，不能批准该审批申请"),
    QT_TRANSLATE_NOOP("CentreWords", "只能为办件的服务事项有的审批点提出或批准审批申请：核对办件的服务事项，或驳回该申请"),
    QT_TRANSLATE_NOOP("CentreWords", "审批人 %1 不是本分局（%2）有效的负责人账号，不能确认该决定经过审批"),
    QT_TRANSLATE_NOOP("CentreWords", "审批记录内容不能保存：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "改正文件后用新的版本号重新发布"),
    QT_TRANSLATE_NOOP("CentreWords", "由未参与办理该办件的负责人重新审批后再办理"),
    QT_TRANSLATE_NOOP("CentreWords", "由本分局有相应审批级别的负责人重新审批后再办理"),
    QT_TRANSLATE_NOOP("CentreWords", "由经办人本人登录后撤回"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1%2"),
    # 2026-12-06: a later decision or withdrawal names who closed the request first, when and why
    # (counter_protocol.approvals.closed_refusal)
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能再作决定（%2 于 %3 批准：%4）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能再作决定（%2 于 %3 驳回：%4）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能再作决定（%2 于 %3 批准）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能再作决定（%2 于 %3 驳回）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能再作决定（%2 于 %3 撤回）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能再作决定（于 %2 过期）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能撤回（%2 于 %3 批准：%4）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能撤回（%2 于 %3 驳回：%4）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能撤回（%2 于 %3 批准）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能撤回（%2 于 %3 驳回）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能撤回（%2 于 %3 撤回）"),
    QT_TRANSLATE_NOOP("CentreWords", "该审批申请%1，不能撤回（于 %2 过期）"),
    QT_TRANSLATE_NOOP("CentreWords", "请中心管理员发布包含该参数的政策参数"),
    # 2026-12-07: a decision posted for a case decides the clerk's pending request (counter_central.core.post_case_update)
    QT_TRANSLATE_NOOP("CentreWords", "该办件没有等待审批的「%1」申请：审批决定须针对经办人提出的审批申请，不能单独作出"),
    QT_TRANSLATE_NOOP("CentreWords", "该更新所指的审批申请（%1）不是该办件正在等待审批的「%2」申请"),
    QT_TRANSLATE_NOOP("CentreWords", "审批决定所附的%1与经办人提出的审批申请不一致：批准只能按申请中的内容办理，不能改动"),
    QT_TRANSLATE_NOOP("CentreWords", "按经办人提出的审批申请作出决定（审批队列或 approvals decide）"),
    # a number another document or case already carries at the centre (a store restored from a backup)
    QT_TRANSLATE_NOOP("CentreWords", "%1 %2 中心已有另一%3使用，不能重复"),
    QT_TRANSLATE_NOOP("CentreWords", "本工作站的数据可能曾从备份恢复而未先联网登录：请联网登录并同步后再办理；该笔业务请联系信息技术人员核对（中心未保存这条记录）"),  # noqa: E501
    # 2026-12-06: a case rated once; a rating's and a ticket's text checked (counter_central.complaints)
    QT_TRANSLATE_NOOP("CentreWords", "该办件已评价过，每件只能评价一次：本次评价未保存"),
    QT_TRANSLATE_NOOP("CentreWords", "无需处理：中心保留第一次评价；对评价有异议的，由科长在差评工单中跟进"),
    QT_TRANSLATE_NOOP("CentreWords", "评价记录内容不能保存：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "差评工单记录内容不能保存：%1"),
    QT_TRANSLATE_NOOP("CentreWords", "评价记录的 %1 最多%2个字（现有%3个字）"),
    QT_TRANSLATE_NOOP("CentreWords", "差评工单记录的 %1 最多%2个字（现有%3个字）"),
    QT_TRANSLATE_NOOP("CentreWords", "精简该内容后重新提交"),
    QT_TRANSLATE_NOOP("CentreWords", "差评工单在中心的当前环节为「%1」，不能再推进到「%2」（已在另一工作站推进）"),
    QT_TRANSLATE_NOOP("CentreWords", "刷新差评工单列表，按中心的当前环节重新推进"),
    QT_TRANSLATE_NOOP("CentreWords", "该工单由 %1 负责，只有负责人可以推进"),
    QT_TRANSLATE_NOOP("CentreWords", "由负责该工单的科长推进"),
    # 上门认证死亡报告 (counter_central.certification.office_death_reports, clear_death_report_for)
    QT_TRANSLATE_NOOP("CentreWords", "只有审核主管（科长）和审计人员可以查看上门认证死亡报告"),
    QT_TRANSLATE_NOOP("CentreWords", "用科长或审计账号登录"),
    QT_TRANSLATE_NOOP("CentreWords", "只有审核主管（科长）可以撤销上门认证死亡报告"),
    QT_TRANSLATE_NOOP("CentreWords", "由本分局的科长撤销"),
    QT_TRANSLATE_NOOP("CentreWords", "本分局没有该死亡报告"),
    QT_TRANSLATE_NOOP("CentreWords", "刷新死亡报告列表"),
    QT_TRANSLATE_NOOP("CentreWords", "该死亡报告已由 %1 于 %2 撤销（原因：%3），无需再次撤销"),
    QT_TRANSLATE_NOOP("CentreWords", "请填写撤销原因（如 经核实本人健在）"),
    QT_TRANSLATE_NOOP("CentreWords", "填写撤销原因后重新提交"),
    QT_TRANSLATE_NOOP("CentreWords", "上门报告的工作人员不能撤销自己的报告"),
    QT_TRANSLATE_NOOP("CentreWords", "由本分局的其他科长撤销"),
    QT_TRANSLATE_NOOP("CentreWords", "撤销死亡报告须由科长账号办理"),      # a centre before 2026-12-06
    # 2026-12-06: who clears is checked against counter_protocol.roles (clear_death_report: the API's
    # second check, the centre CLI's --by)
    QT_TRANSLATE_NOOP("CentreWords", "没有用户 %1：撤销死亡报告须由本分局在职科长的账号办理"),
    QT_TRANSLATE_NOOP("CentreWords", "账号 %1 已停用，不能撤销死亡报告"),
    QT_TRANSLATE_NOOP("CentreWords", "账号 %1（%2）不能%3：只有%4岗位的账号可以"),
    QT_TRANSLATE_NOOP("CentreWords", "%1 未发布：柜面不读取这个名称的参考数据（材料清单在业务目录 catalog 中）。可发布的名称：%2"),
    # 2026-12-06: an offices file naming an office the centre does not have (counter_central.core.unknown_offices_refusal)
    QT_TRANSLATE_NOOP("CentreWords", "%1 未发布：中心没有分局 %2（已登记的分局：%3；先用 counter-central offices add 登记，或改正分局代码）"),
)

# the words the centre puts into its answers
WORDS = (   # object: QT_TRANSLATE_NOOP's type; a str at run time
    QT_TRANSLATE_NOOP("CentreWords", "（中心尚无此办件）"),
    QT_TRANSLATE_NOOP("CentreWords", "新办件"),
    QT_TRANSLATE_NOOP("CentreWords", "该事项"),
    QT_TRANSLATE_NOOP("CentreWords", "未登记"),
    QT_TRANSLATE_NOOP("CentreWords", "待审批"),
    QT_TRANSLATE_NOOP("CentreWords", "已批准"),
    QT_TRANSLATE_NOOP("CentreWords", "已驳回"),
    QT_TRANSLATE_NOOP("CentreWords", "已撤回"),
    QT_TRANSLATE_NOOP("CentreWords", "已过期"),
    QT_TRANSLATE_NOOP("CentreWords", "办理步骤"),
    QT_TRANSLATE_NOOP("CentreWords", "办理结果"),
    QT_TRANSLATE_NOOP("CentreWords", "理由"),
    QT_TRANSLATE_NOOP("CentreWords", "核定数据"),
    QT_TRANSLATE_NOOP("CentreWords", "文号"),
    QT_TRANSLATE_NOOP("CentreWords", "办件编号"),
    QT_TRANSLATE_NOOP("CentreWords", "文书"),
    QT_TRANSLATE_NOOP("CentreWords", "办件"),
)


def centre_text(message: str) -> str:
    """A centre's answer (or the client's sentence around one) in the language of the UI; a message
    not listed in :data:`TEMPLATES` as it is."""
    from counter_app.ui.messages import SENTENCES, composed_text

    if message in SENTENCES:         # the client's own network sentences (counter_app.domain.messages)
        return QCoreApplication.translate("Messages", message)
    return composed_text(message, TEMPLATES, "CentreWords", _word) if message else message


def _word(param: str) -> str:
    """A word or sentence the centre put into an answer, in the language of the UI."""
    if param.startswith("「") and param.endswith("」") and len(param) > 2:
        return "「" + _word(param[1:-1]) + "」"
    if param in WORDS:
        return QCoreApplication.translate("CentreWords", param)
    from counter_app.ui.words import word

    worded = word(param)                 # a case state, an approval point, a grade (context Words)
    return worded if worded != param else centre_text(param)
