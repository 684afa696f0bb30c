<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ApplicantForm</name>
    <message>
        <source>参保人姓名</source>
        <translation>Insured person&apos;s name</translation>
    </message>
    <message>
        <source>参保人证件号码</source>
        <translation>Insured person&apos;s ID number</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Employer name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>申请人（遗属）姓名</source>
        <translation>Applicant (survivor) name</translation>
    </message>
    <message>
        <source>代办人姓名</source>
        <translation>Agent&apos;s name</translation>
    </message>
    <message>
        <source>申请人（遗属）证件号码</source>
        <translation>Applicant (survivor) ID number</translation>
    </message>
    <message>
        <source>代办人证件号码</source>
        <translation>Agent&apos;s ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>联系地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>参保单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>参保人</source>
        <translation>Insured person</translation>
    </message>
    <message>
        <source>遗属</source>
        <translation>Survivor</translation>
    </message>
    <message>
        <source>代办人（受委托办理）</source>
        <translation>Agent (authorised representative)</translation>
    </message>
    <message>
        <source>申请对象</source>
        <translation>Applicant type</translation>
    </message>
    <message>
        <source>办理情形</source>
        <translation>Circumstance</translation>
    </message>
    <message>
        <source>证件号码无效</source>
        <translation>Invalid ID number</translation>
    </message>
    <message>
        <source>统一社会信用代码无效</source>
        <translation>Invalid unified social credit code</translation>
    </message>
    <message>
        <source>手机号码无效</source>
        <translation>Invalid mobile number</translation>
    </message>
    <message>
        <source>申请人：%1</source>
        <translation>Applicant: %1</translation>
    </message>
    <message>
        <source>含有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入</source>
        <translation>Contains control or text direction characters that cannot be saved (%1); delete them and type again</translation>
    </message>
</context>
<context>
    <name>ApprovalText</name>
    <message>
        <source>待审批：%1（须%2审批）</source>
        <translation>Awaiting approval: %1 (to be approved by the %2)</translation>
    </message>
    <message>
        <source>已批准：%1，审批人 %2（%3）：%4</source>
        <translation>Approved: %1, by %2 (%3): %4</translation>
    </message>
    <message>
        <source>已批准：%1，审批人 %2（%3）</source>
        <translation>Approved: %1, by %2 (%3)</translation>
    </message>
    <message>
        <source>已驳回：%1，审批人 %2（%3）：%4；办件退回经办人处理</source>
        <translation>Rejected: %1, by %2 (%3): %4; the case goes back to the clerk</translation>
    </message>
    <message>
        <source>已驳回：%1，审批人 %2（%3）；办件退回经办人处理</source>
        <translation>Rejected: %1, by %2 (%3); the case goes back to the clerk</translation>
    </message>
    <message>
        <source>已过期：%1，可重新提出审批申请</source>
        <translation>Expired: %1; a new approval request may be made</translation>
    </message>
    <message>
        <source>已撤回：%1</source>
        <translation>Withdrawn: %1</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>the supervisor</translation>
    </message>
    <message>
        <source>。%1的现场授权被中心拒收（%2），决定未生效，可由负责人重新审批（现场或集中授权）</source>
        <translation>. The on-site approval by %1 was refused by the centre (%2): the decision did not take effect; a supervisor may decide again (on site or at the centre)</translation>
    </message>
    <message>
        <source>；按该决定出具的决定书（文号 %1）已作废，须向申请人收回</source>
        <translation>; the decision document issued under it (No. %1) is void and must be recalled from the applicant</translation>
    </message>
    <message>
        <source>已批准：%1（%3）：%4</source>
        <translation>Approved: %1 (%3): %4</translation>
    </message>
    <message>
        <source>已批准：%1（%3）</source>
        <translation>Approved: %1 (%3)</translation>
    </message>
    <message>
        <source>已驳回：%1（%3）：%4；办件退回经办人处理</source>
        <translation>Rejected: %1 (%3): %4; the case goes back to the clerk</translation>
    </message>
    <message>
        <source>已驳回：%1（%3）；办件退回经办人处理</source>
        <translation>Rejected: %1 (%3); the case goes back to the clerk</translation>
    </message>
    <message>
        <source>。经办人已撤回该申请，但撤回送达中心之前负责人已作出此决定：决定未自动执行，办件等待经办人确认（Ctrl+Shift+W）——执行该决定，或维持撤回（维持撤回后如仍需办理，须重新提出审批申请，请负责人再次审批）</source>
        <translation>. The clerk withdrew this request, but a supervisor decided it before the withdrawal reached the centre: the decision was not carried out and the case waits for the clerk (Ctrl+Shift+W) to carry it out or keep the withdrawal (after keeping the withdrawal, doing this later needs a new approval request, decided by a supervisor again)</translation>
    </message>
</context>
<context>
    <name>ApprovalsModel</name>
    <message>
        <source>等待</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>审批事项</source>
        <translation>Approval item</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>须审批级别</source>
        <translation>Required approval level</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
</context>
<context>
    <name>ApprovalsPanel</name>
    <message>
        <source>显示已撤销</source>
        <translation>Show withdrawn</translation>
    </message>
    <message>
        <source>另列已撤销的死亡报告（排在有效的报告之后）</source>
        <translation>Also list the withdrawn death reports (after the valid ones)</translation>
    </message>
    <message>
        <source>只有审核主管（科长）可以审批和处理工单；本账号只能查看</source>
        <translation>Only a supervisor may decide approvals and handle complaint tickets; this account may only view them</translation>
    </message>
    <message>
        <source>审批(&amp;A)</source>
        <translation>&amp;Approval</translation>
    </message>
    <message>
        <source>公示异议与核查情况</source>
        <translation>Publicity objection and verification finding</translation>
    </message>
    <message>
        <source>补打：%1</source>
        <translation>Reprint: %1</translation>
    </message>
    <message>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>缺</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>不符合要求</source>
        <translation>Does not meet requirements</translation>
    </message>
    <message>
        <source>未核对</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>符合</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>不符合</source>
        <translation>Not met</translation>
    </message>
    <message>
        <source>待确认</source>
        <translation>To confirm</translation>
    </message>
    <message>
        <source>系统核验</source>
        <translation>System-verified</translation>
    </message>
    <message>
        <source>经办人确认</source>
        <translation>Confirmed by the clerk</translation>
    </message>
    <message>
        <source>待核验（离线）</source>
        <translation>Pending verification (offline)</translation>
    </message>
    <message>
        <source>规则</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>待审批</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>已批准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>已驳回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 小时 %2 分</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 天 %2 小时</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Review passed</translation>
    </message>
    <message>
        <source>需补齐补正</source>
        <translation>Supplement or correction needed</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>（待认领）</source>
        <translation>(unclaimed)</translation>
    </message>
    <message>
        <source>（已超期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>补发 %1 个月</source>
        <translation>back pay for %1 months</translation>
    </message>
    <message>
        <source>一次性支付 %1 元</source>
        <translation>one-off payment CNY %1</translation>
    </message>
    <message>
        <source>核定数据（批准后按此记录并出具决定书）</source>
        <translation>Benefit figures (recorded as shown and the decision issued once approved)</translation>
    </message>
    <message>
        <source>办件 %1&#x3000;申请人 %2&#x3000;经办人 %3&#x3000;提出于 %4（北京时间）&#x3000;须%5审批</source>
        <translation>Case %1 · Applicant %2 · Clerk %3 · Requested %4 (Beijing time) · To be approved by the %5</translation>
    </message>
    <message>
        <source>%1（北京时间）前未作决定即过期，经办人须重新申请</source>
        <translation>Expires if not decided by %1 (Beijing time); the clerk must then ask again</translation>
    </message>
    <message>
        <source>申请说明</source>
        <translation>Request note</translation>
    </message>
    <message>
        <source>%1：审批人 %2，%3，意见：%4</source>
        <translation>%1 by %2, %3, comments: %4</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>事实</source>
        <translation>Facts</translation>
    </message>
    <message>
        <source>经办人改判：%1</source>
        <translation>Clerk&apos;s override: %1</translation>
    </message>
    <message>
        <source>受理条件与系统核验</source>
        <translation>Acceptance conditions and system checks</translation>
    </message>
    <message>
        <source>文书预览</source>
        <translation>Document preview</translation>
    </message>
    <message>
        <source>审批意见（理由，必填）</source>
        <translation>Approval comments (reason, required)</translation>
    </message>
    <message>
        <source>批准(&amp;Y)</source>
        <translation>Approve(&amp;Y)</translation>
    </message>
    <message>
        <source>驳回(&amp;N)</source>
        <translation>Reject(&amp;N)</translation>
    </message>
    <message>
        <source>刷新 F5</source>
        <translation>Refresh F5</translation>
    </message>
    <message>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>人工审核</source>
        <translation>Manual review</translation>
    </message>
    <message>
        <source>初审 / 复核意见（必填）</source>
        <translation>First review / second review comments (required)</translation>
    </message>
    <message>
        <source>初审 Ctrl+Shift+P</source>
        <translation>First review Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>复核同意 Ctrl+Shift+H</source>
        <translation>Second review: agree Ctrl+Shift+H</translation>
    </message>
    <message>
        <source>复核不同意 Ctrl+Shift+J</source>
        <translation>Second review: disagree Ctrl+Shift+J</translation>
    </message>
    <message>
        <source>差评工单</source>
        <translation>Negative-rating tickets</translation>
    </message>
    <message>
        <source>本环节的处理情况（必填）</source>
        <translation>Action taken at this stage (required)</translation>
    </message>
    <message>
        <source>推进工单 Ctrl+Shift+G</source>
        <translation>Advance ticket Ctrl+Shift+G</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>人工审核（中心）：%1 件待办</source>
        <translation>Manual review (centre): %1 pending</translation>
    </message>
    <message>
        <source>人工审核：须联网从中心取得</source>
        <translation>Manual review: must be fetched online from the centre</translation>
    </message>
    <message>
        <source>差评工单：%1 件未办结</source>
        <translation>Negative-rating tickets: %1 open</translation>
    </message>
    <message>
        <source>中心</source>
        <translation>centre</translation>
    </message>
    <message>
        <source>本机（离线）</source>
        <translation>this computer (offline)</translation>
    </message>
    <message>
        <source>%1 件（%2）</source>
        <translation>%1 item(s) (%2)</translation>
    </message>
    <message>
        <source>没有审批申请</source>
        <translation>No approval requests</translation>
    </message>
    <message>
        <source>审计人员只能查看，不能审批</source>
        <translation>Auditors can only view, not approve</translation>
    </message>
    <message>
        <source>请先在队列中选择一件审批申请</source>
        <translation>Select an approval request in the queue first</translation>
    </message>
    <message>
        <source>所选申请已不再等待审批（%1），未作任何决定；请另选一件申请</source>
        <translation>The selected request is no longer pending (%1). No decision was made; choose another request</translation>
    </message>
    <message>
        <source>所选申请（办件 %1）已不在列表中（已撤回、已由其他负责人决定或已过期），未作任何决定；请另选一件申请</source>
        <translation>The selected request (case %1) has left the list (withdrawn, decided by another supervisor or expired). No decision was made; choose another request</translation>
    </message>
    <message>
        <source>审批意见不是在所选申请上填写的，未作决定；请核对所选申请后重新填写审批意见</source>
        <translation>The reason was not typed for the selected request. No decision was made; check the selected request and type the reason again</translation>
    </message>
    <message>
        <source>请填写审批意见（理由）</source>
        <translation>Please enter approval comments (reason)</translation>
    </message>
    <message>
        <source>正在提交上一项审批决定，请稍候</source>
        <translation>The previous decision is being submitted, please wait</translation>
    </message>
    <message>
        <source>未联网登录：集中授权须联网；离线时请在经办人的窗口现场授权</source>
        <translation>Not signed in online: central approval needs the network; offline, approve on site at the clerk&apos;s window</translation>
    </message>
    <message>
        <source>审批决定未提交，请稍后再试或在经办人的窗口现场授权。原因：%1</source>
        <translation>The approval decision was not submitted. Try again later or approve on site at the clerk&apos;s window. Reason: %1</translation>
    </message>
    <message>
        <source>审计人员只能查看，不能审核</source>
        <translation>Auditors can only view, not review</translation>
    </message>
    <message>
        <source>请先选择一件人工审核事项</source>
        <translation>Select a manual review item first</translation>
    </message>
    <message>
        <source>请填写初审 / 复核意见</source>
        <translation>Please enter first review / second review comments</translation>
    </message>
    <message>
        <source>未联网登录：人工审核须联网</source>
        <translation>Not signed in online: manual review needs the network</translation>
    </message>
    <message>
        <source>人工审核意见未提交，请稍后再试。原因：%1</source>
        <translation>The review opinion was not submitted. Try again later. Reason: %1</translation>
    </message>
    <message>
        <source>人工审核：%1</source>
        <translation>Manual review: %1</translation>
    </message>
    <message>
        <source>审计人员只能查看，不能处理工单</source>
        <translation>Auditors can only view, not handle tickets</translation>
    </message>
    <message>
        <source>请先选择一件差评工单</source>
        <translation>Select a negative-rating ticket first</translation>
    </message>
    <message>
        <source>请填写本环节的处理情况</source>
        <translation>Please enter the action taken at this stage</translation>
    </message>
    <message>
        <source>差评工单 %1：%2</source>
        <translation>Negative-rating ticket %1: %2</translation>
    </message>
    <message>
        <source>中心；其中 %1 件尚未送达中心，为本机记录</source>
        <translation>centre; %1 of them not yet at the centre, this workstation's copy</translation>
    </message>
    <message>
        <source>%1（中心；工作站 %2 受理）</source>
        <translation>%1 (centre; opened at workstation %2)</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>In force</translation>
    </message>
    <message>
        <source>有效（上门记录已被较晚的认证取代，待核实）</source>
        <translation>In force (the visit record was superseded by a later certification; to be checked)</translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>已标记暂停发放（待审批）</source>
        <translation>Marked for suspension of payment (awaiting approval)</translation>
    </message>
    <message>
        <source>已暂停发放</source>
        <translation>Payment suspended</translation>
    </message>
    <message>
        <source>不暂停（审批驳回）</source>
        <translation>Not suspended (approval rejected)</translation>
    </message>
    <message>
        <source>未暂停（已撤回）</source>
        <translation>Not suspended (withdrawn)</translation>
    </message>
    <message>
        <source>恢复发放待审批</source>
        <translation>Resumption of payment awaiting approval</translation>
    </message>
    <message>
        <source>已恢复发放</source>
        <translation>Payment resumed</translation>
    </message>
    <message>
        <source>未提出暂停发放</source>
        <translation>No suspension of payment raised</translation>
    </message>
    <message>
        <source>%1 撤销：%2</source>
        <translation>Withdrawn by %1: %2</translation>
    </message>
    <message>
        <source>有矛盾，须核实：%1</source>
        <translation>Contradicted, to be checked: %1</translation>
    </message>
    <message>
        <source>死亡报告</source>
        <translation>Death reports</translation>
    </message>
    <message>
        <source>撤销原因（必填，如 经核实本人健在）</source>
        <translation>Reason for the withdrawal (required, e.g. verified: the person is alive)</translation>
    </message>
    <message>
        <source>撤销报告 Ctrl+Shift+X</source>
        <translation>Withdraw report Ctrl+Shift+X</translation>
    </message>
    <message>
        <source>死亡报告（中心）：%1 份有效</source>
        <translation>Death reports (centre): %1 in force</translation>
    </message>
    <message>
        <source>死亡报告：须联网从中心取得</source>
        <translation>Death reports: kept at the centre, sign in online to see them</translation>
    </message>
    <message>
        <source>审计人员只能查看，不能撤销死亡报告</source>
        <translation>Auditors can only view; they cannot withdraw a death report</translation>
    </message>
    <message>
        <source>请先选择一份死亡报告</source>
        <translation>Select a death report first</translation>
    </message>
    <message>
        <source>该死亡报告已撤销</source>
        <translation>This death report has already been withdrawn</translation>
    </message>
    <message>
        <source>请填写撤销原因（如 经核实本人健在）</source>
        <translation>Enter the reason for the withdrawal (e.g. verified: the person is alive)</translation>
    </message>
    <message>
        <source>死亡报告未撤销，请稍后再试。原因：%1</source>
        <translation>The death report was not withdrawn; try again later. Cause: %1</translation>
    </message>
    <message>
        <source>已撤销死亡报告（%1）</source>
        <translation>Death report withdrawn (%1)</translation>
    </message>
    <message>
        <source>；暂停发放申请已撤回</source>
        <translation>; the suspension request was withdrawn</translation>
    </message>
    <message>
        <source>；暂停发放已生效，须重新认证并经审批后恢复发放</source>
        <translation>; payment is already suspended: it resumes after a new certification and an approved resumption</translation>
    </message>
    <message>
        <source>死亡报告（%1）</source>
        <translation>Death reports (%1)</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>AuditTrail</name>
    <message>
        <source>操作记录暂未写入审计日志，将在下一次操作时补写（%1 条待写）</source>
        <translation>The action is not in the audit log yet; it will be written with the next action (%1 waiting)</translation>
    </message>
</context>
<context>
    <name>CardBridge</name>
    <message>
        <source>读卡失败</source>
        <translation>Card read failed</translation>
    </message>
</context>
<context>
    <name>CardPage</name>
    <message>
        <source>PC/SC 读卡器</source>
        <translation>PC/SC card reader</translation>
    </message>
    <message>
        <source>全国统一读卡接口（厂商动态库）</source>
        <translation>National unified card-reading interface (vendor library)</translation>
    </message>
    <message>
        <source>演示（不读真卡）</source>
        <translation>Demo (reads no real card)</translation>
    </message>
    <message>
        <source>社会保障卡读卡器。插入一张卡后测试，可确认读卡器和卡都能识别。</source>
        <translation>Social security card reader. Insert a card and run the test to confirm that both the reader and the card are recognised.</translation>
    </message>
    <message>
        <source>留空使用第一个读卡器</source>
        <translation>Leave blank to use the first reader</translation>
    </message>
    <message>
        <source>测试读卡器</source>
        <translation>Test card reader</translation>
    </message>
    <message>
        <source>读卡器名称</source>
        <translation>Card reader name</translation>
    </message>
</context>
<context>
    <name>CaseOps</name>
    <message>
        <source>已撤回审批申请：同步后中心也撤回；如仍需办理该事项，可重新提出审批申请</source>
        <translation>Approval request withdrawn: the centre withdraws it at the next sync; to go on with this matter, raise a new approval request</translation>
    </message>
    <message>
        <source>（档号 %1）</source>
        <translation> (archive code %1)</translation>
    </message>
    <message>
        <source>，已提交审批；负责人可在审批页集中授权，或按 Ctrl+Shift+A 现场授权</source>
        <translation>; submitted for approval. The authorising officer can give remote authorisation on the Approvals page, or press Ctrl+Shift+A for on-site authorisation</translation>
    </message>
    <message>
        <source>办件已办结并归档</source>
        <translation>The case is closed and archived</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>操作未能完成，请重试；问题持续请联系技术支持（详情已记入日志）</source>
        <translation>The operation could not be completed. Please try again; if the problem persists, contact technical support (details have been logged)</translation>
    </message>
    <message>
        <source>该办件没有待审批的申请</source>
        <translation>This case has no pending approval request</translation>
    </message>
    <message>
        <source>无法采集指纹，等待主管审批</source>
        <translation>Fingerprints cannot be captured; awaiting supervisor approval</translation>
    </message>
    <message>
        <source>《%1》%2</source>
        <translation>“%1”: %2</translation>
    </message>
    <message>
        <source>《%1》未能打印：%2</source>
        <translation>“%1” could not be printed: %2</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>未说明理由</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>主管%1不同意：%2</source>
        <translation>Refused by supervisor %1: %2</translation>
    </message>
    <message>
        <source>主管不同意：%2</source>
        <translation>Refused by the supervisor: %2</translation>
    </message>
    <message>
        <source>负责人 %1 现场批准：%2</source>
        <translation>Approved on site by %1: %2</translation>
    </message>
    <message>
        <source>负责人 %1 现场批准</source>
        <translation>Approved on site by %1</translation>
    </message>
    <message>
        <source>负责人 %1 现场驳回：%2</source>
        <translation>Refused on site by %1: %2</translation>
    </message>
    <message>
        <source>负责人 %1 现场驳回</source>
        <translation>Refused on site by %1</translation>
    </message>
    <message>
        <source>%1，办件已办结并归档</source>
        <translation>%1; the case is closed and archived</translation>
    </message>
    <message>
        <source>%1，已归档</source>
        <translation>%1; archived</translation>
    </message>
    <message>
        <source>该办件没有等待经办人确认的中心决定</source>
        <translation>This case has no centre decision waiting for the clerk's confirmation</translation>
    </message>
    <message>
        <source>已维持撤回：中心的决定未执行。如仍需办理该事项，须重新提出审批申请，请负责人再次审批</source>
        <translation>Withdrawal kept: the centre's decision was not carried out. To do this later, make a new approval request for a supervisor to decide again</translation>
    </message>
    <message>
        <source>中心的决定未能执行：办件当前状态不适用</source>
        <translation>The centre's decision could not be carried out: it does not fit the case's current state</translation>
    </message>
</context>
<context>
    <name>CaseWaiting</name>
    <message>
        <source>等待主管审批：%1</source>
        <translation>Awaiting supervisor approval: %1</translation>
    </message>
    <message>
        <source>公示中（至%1）</source>
        <translation>Publicity in progress (until %1)</translation>
    </message>
    <message>
        <source>公示中</source>
        <translation>Publicity in progress</translation>
    </message>
    <message>
        <source>等待信息表</source>
        <translation>Awaiting the information sheet</translation>
    </message>
    <message>
        <source>中心发现重复受理：%1</source>
        <translation>The centre found a second case accepted: %1</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>资格认证被中心拒收，待确认</source>
        <translation>certification refused by the centre, to be acknowledged</translation>
    </message>
    <message>
        <source>中心拒收了本办件的资格认证结果：认证未生效，认证结果告知单已作废，请联系本人收回告知单，然后选中本办件按 Ctrl+K 确认已知悉</source>
        <translation>The centre refused this case&apos;s eligibility certification: it did not take effect and the certification result notice is void. Contact the pensioner to recover the notice, then select this case and press Ctrl+K to acknowledge</translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>更新时间</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>个人</source>
        <translation>Individual</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>代办</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>遗属</source>
        <translation>Survivor</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>CasesPanel</name>
    <message>
        <source>更多(&amp;M)</source>
        <translation>&amp;More</translation>
    </message>
    <message>
        <source>显示 %1 件，共 %2 件</source>
        <translation>Showing %1 of %2 cases</translation>
    </message>
    <message>
        <source>显示 %1 件，还有更多</source>
        <translation>Showing %1 cases, more to load</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>今日办件</source>
        <translation>Today&apos;s cases</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>材料不齐全（已退回）</source>
        <translation>Materials incomplete (returned)</translation>
    </message>
    <message>
        <source>等待中（审批/公示/信息表）</source>
        <translation>Waiting (approval / publicity / information sheet)</translation>
    </message>
    <message>
        <source>全部办件</source>
        <translation>All cases</translation>
    </message>
    <message>
        <source>显示：%1</source>
        <translation>Show: %1</translation>
    </message>
    <message>
        <source>筛选(&amp;L)：</source>
        <translation>Fi&amp;lter:</translation>
    </message>
    <message>
        <source>查找(&amp;S)：</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <source>办件编号、姓名或完整证件号码</source>
        <translation>Case no., name or full ID number</translation>
    </message>
    <message>
        <source>查找办件</source>
        <translation>Find cases</translation>
    </message>
    <message>
        <source>刷新办件列表</source>
        <translation>Refresh case list</translation>
    </message>
    <message>
        <source>在受理窗口中打开</source>
        <translation>Open in the counter workspace</translation>
    </message>
    <message>
        <source>办件列表读取失败：%1</source>
        <translation>Could not load the case list: %1</translation>
    </message>
    <message>
        <source>共 %1 件</source>
        <translation>Total: %1</translation>
    </message>
    <message>
        <source>该办件已不在归档外移表中，请重新检索</source>
        <translation>This case is no longer in the moved-to-archive table; please search again</translation>
    </message>
    <message>
        <source>取回归档外移的办件失败：%1</source>
        <translation>Could not retrieve the case moved to archive: %1</translation>
    </message>
    <message>
        <source>已知悉中心拒收资格认证（收回告知单）</source>
        <translation>Acknowledge the centre&apos;s refusal of the certification (recover the notice)</translation>
    </message>
    <message>
        <source>已知悉拒收(&amp;K)</source>
        <translation>Ac&amp;knowledge refusal</translation>
    </message>
    <message>
        <source>已知悉中心拒收资格认证</source>
        <translation>Acknowledge the refused certification</translation>
    </message>
    <message>
        <source>中心拒收了办件 %1 的资格认证结果：认证未生效，认证结果告知单已作废。
确认已知悉，并负责联系本人收回告知单吗？（以您的名义记入审计记录）</source>
        <translation>The centre refused the eligibility certification of case %1: it did not take effect and the certification result notice is void.
Acknowledge this and take on contacting the pensioner to recover the notice? (Recorded in the audit trail in your name)</translation>
    </message>
    <message>
        <source>已确认：办件 %1 的资格认证被中心拒收，请联系本人收回认证结果告知单</source>
        <translation>Acknowledged: the centre refused the certification of case %1; contact the pensioner to recover the certification result notice</translation>
    </message>
    <message>
        <source>未能确认：%1</source>
        <translation>Not acknowledged: %1</translation>
    </message>
</context>
<context>
    <name>CentralPage</name>
    <message>
        <source>中心服务的地址由信息技术人员提供。离线也能办理业务，联网后自动同步。</source>
        <translation>The central service address is provided by IT staff. Services can also be handled offline; records sync automatically once online.</translation>
    </message>
    <message>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>中心服务地址</source>
        <translation>Central service address</translation>
    </message>
    <message>
        <source>系统密钥环不可用：</source>
        <translation>System keyring unavailable: </translation>
    </message>
</context>
<context>
    <name>CertificationDialog</name>
    <message>
        <source>采集告知：为核实您本人身份（资格认证），需要比对您的指纹或拍摄现场照片。指纹和照片属于敏感个人信息，仅用于本次认证，加密保存，按档案管理规定保管，不作他用。</source>
        <translation>Consent notice: to confirm your identity (eligibility certification) we need to compare your fingerprint or take a photo of you now. Fingerprints and photos are sensitive personal information: used only for this certification, kept encrypted, retained under the archive rules and used for nothing else.</translation>
    </message>
    <message>
        <source>已告知，本人同意</source>
        <translation>Notice read, person agrees</translation>
    </message>
    <message>
        <source>未告知</source>
        <translation>Not yet informed</translation>
    </message>
    <message>
        <source>已告知并同意（%1）</source>
        <translation>Informed and agreed (%1)</translation>
    </message>
    <message>
        <source>未能记录告知同意</source>
        <translation>The consent could not be recorded</translation>
    </message>
    <message>
        <source>养老保险待遇资格认证（窗口）</source>
        <translation>Pension entitlement certification (window)</translation>
    </message>
    <message>
        <source>参保人：%1&#x3000;证件号码：%2</source>
        <translation>Insured person: %1 · ID number: %2</translation>
    </message>
    <message>
        <source>无参保档案，不能认证</source>
        <translation>No insurance record; certification is not possible</translation>
    </message>
    <message>
        <source>认证状态：%1</source>
        <translation>Certification status: %1</translation>
    </message>
    <message>
        <source>① 指纹比对（与基本养老金核定时采集的指纹模板比对）</source>
        <translation>① Fingerprint matching (against the template captured when the basic pension was approved)</translation>
    </message>
    <message>
        <source>已采集指纹模板（%1 采集）</source>
        <translation>Fingerprint template on file (captured %1)</translation>
    </message>
    <message>
        <source>未采集指纹模板：请用照片比对</source>
        <translation>No fingerprint template on file: use photo comparison</translation>
    </message>
    <message>
        <source>开始指纹比对</source>
        <translation>Start fingerprint matching</translation>
    </message>
    <message>
        <source>② 照片比对（无指纹模板或比对不通过时，由经办人确认）</source>
        <translation>② Photo comparison (confirmed by the clerk when there is no fingerprint template or matching fails)</translation>
    </message>
    <message>
        <source>无档案或身份证照片：
请核对身份证原件上的照片</source>
        <translation>No record or ID card photo:
Check the photo on the original ID card</translation>
    </message>
    <message>
        <source>现场照片
（点“拍摄现场照片”）</source>
        <translation>Live photo
(click “Take live photo”)</translation>
    </message>
    <message>
        <source>身份证 / 档案照片</source>
        <translation>ID card / record photo</translation>
    </message>
    <message>
        <source>现场照片</source>
        <translation>Live photo</translation>
    </message>
    <message>
        <source>拍摄现场照片</source>
        <translation>Take live photo</translation>
    </message>
    <message>
        <source>经办人确认：现场人员与照片为同一人（本人到场）</source>
        <translation>Clerk confirms: the person present is the person in the photo (appeared in person)</translation>
    </message>
    <message>
        <source>比对说明（选填），如“与身份证照片一致”</source>
        <translation>Comparison note (optional), e.g. “matches ID card photo”</translation>
    </message>
    <message>
        <source>登记认证结果并打印告知单</source>
        <translation>Record certification result and print notice</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请参保人将手指平放在采集器上…</source>
        <translation>Ask the insured person to place a finger flat on the scanner…</translation>
    </message>
    <message>
        <source>指纹比对通过</source>
        <translation>Fingerprint match passed</translation>
    </message>
    <message>
        <source>指纹比对未通过：可重试，或改用照片比对</source>
        <translation>Fingerprint match failed: retry, or use photo comparison instead</translation>
    </message>
    <message>
        <source>拍照失败</source>
        <translation>Photo capture failed</translation>
    </message>
    <message>
        <source>现场照片无法显示</source>
        <translation>The live photo cannot be displayed</translation>
    </message>
    <message>
        <source>认证结果未能登记</source>
        <translation>The certification result could not be recorded</translation>
    </message>
    <message>
        <source>资格认证通过，有效期至 %1</source>
        <translation>Entitlement certification passed, valid until %1</translation>
    </message>
    <message>
        <source>；恢复发放待审批</source>
        <translation>; payment resumption pending approval</translation>
    </message>
    <message>
        <source>，补发 %1 个月</source>
        <translation>, %1 month(s) of back pay</translation>
    </message>
    <message>
        <source>，不补发</source>
        <translation>, no back pay</translation>
    </message>
    <message>
        <source>，补发月份以审批结果为准</source>
        <translation>, back pay (if any) as the approval decides</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>未提交</source>
        <translation>Not submitted</translation>
    </message>
    <message>
        <source>不符合要求</source>
        <translation>Does not meet requirements</translation>
    </message>
    <message>
        <source>符合</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>不符合</source>
        <translation>Not met</translation>
    </message>
    <message>
        <source>待确认</source>
        <translation>To confirm</translation>
    </message>
    <message>
        <source>申请材料</source>
        <translation>Application materials</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>说明（不符合要求的原因）</source>
        <translation>Note (what is wrong)</translation>
    </message>
    <message>
        <source>（选交）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <source>受理条件</source>
        <translation>Acceptance condition</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明（不符合的理由）</source>
        <translation>Note (reason not met)</translation>
    </message>
    <message>
        <source>待核验（离线）</source>
        <translation>Pending verification (offline)</translation>
    </message>
    <message>
        <source>业务指引（系统核验）</source>
        <translation>Guidance (system-verified)</translation>
    </message>
    <message>
        <source>（经办人改判）</source>
        <translation>(overridden by clerk)</translation>
    </message>
    <message>
        <source>（系统核验）</source>
        <translation> (system-verified)</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>ComplaintsModel</name>
    <message>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>下一环节期限</source>
        <translation>Next stage due</translation>
    </message>
    <message>
        <source>受理时间（北京时间）</source>
        <translation>Opened (Beijing time)</translation>
    </message>
</context>
<context>
    <name>ConditionNotes</name>
    <message>
        <source>档案状态：%1 → 不在参保缴费或暂停状态</source>
        <translation>Record status: %1 → not contributing or suspended</translation>
    </message>
    <message>
        <source>档案状态：%1 → 已在领取基本养老金或病残津贴</source>
        <translation>Record status: %1 → already drawing a basic pension or disability allowance</translation>
    </message>
    <message>
        <source>档案状态：%1 → 参保人已死亡</source>
        <translation>Record status: %1 → the insured person is deceased</translation>
    </message>
    <message>
        <source>档案状态：%1，尚未核定领取待遇</source>
        <translation>Record status: %1, no benefit approved yet</translation>
    </message>
    <message>
        <source>特殊工种提前退休：年龄条件由经办人按审批材料确认</source>
        <translation>Early retirement for special work types: the age condition is confirmed by the clerk from the approval documents</translation>
    </message>
    <message>
        <source>参保人已在领取基本养老金或病残津贴（档案状态：%1），%2</source>
        <translation>The insured person already draws a basic pension or disability allowance (record status: %1), %2</translation>
    </message>
    <message>
        <source>参保人已死亡（档案状态：%1），%2，遗属可申请丧葬补助金、抚恤金核定（5.6.1.3）</source>
        <translation>The insured person is deceased (record status: %1), %2; the survivors may apply for the funeral grant and survivor benefit (5.6.1.3)</translation>
    </message>
    <message>
        <source>参保人证件为居民身份证，不属于港澳台及外籍人员，不适用“港澳台及外籍人员离境”情形</source>
        <translation>The insured person's ID is a resident identity card: not a Hong Kong, Macau, Taiwan or foreign person, so the departure ground does not apply</translation>
    </message>
    <message>
        <source>持港澳台或外国人证件</source>
        <translation>holds a Hong Kong/Macau/Taiwan or foreigner's ID</translation>
    </message>
    <message>
        <source>参保登记</source>
        <translation>registration</translation>
    </message>
    <message>
        <source>注销登记</source>
        <translation>deregistration</translation>
    </message>
    <message>
        <source>（本机办结%1 %2，待核心系统确认）</source>
        <translation> (%1 %2 completed at this workstation, not yet recorded by the core system)</translation>
    </message>
    <message>
        <source>（%1分局办结%2 %3，待核心系统确认）</source>
        <translation> (%2 %3 completed at office %1, not yet recorded by the core system)</translation>
    </message>
    <message>
        <source>（其他窗口办结%1 %2，待核心系统确认）</source>
        <translation> (%1 %2 completed at another window, not yet recorded by the core system)</translation>
    </message>
    <message>
        <source>未查询参保档案，须经办人核实（%1）</source>
        <translation>The insurance record was not looked up; the clerk must verify (%1)</translation>
    </message>
    <message>
        <source>待核验（离线）：须查询参保档案（%1）</source>
        <translation>To be verified (offline): the insurance record must be looked up (%1)</translation>
    </message>
    <message>
        <source>尚未读卡或录入参保人证件号码</source>
        <translation>No card read and no ID number of the insured person entered yet</translation>
    </message>
    <message>
        <source>证件号码无效：%1</source>
        <translation>The ID number is not valid: %1</translation>
    </message>
    <message>
        <source>居民身份证有效期至 %1，已过期</source>
        <translation>The resident ID card was valid until %1 and has expired</translation>
    </message>
    <message>
        <source>居民身份证有效期“%1”无法识别，须经办人核实</source>
        <translation>The resident ID card&apos;s validity “%1” cannot be read; the clerk must verify</translation>
    </message>
    <message>
        <source>证件号码校验通过，出生 %1</source>
        <translation>ID number checked, born %1</translation>
    </message>
    <message>
        <source>证件号码校验通过</source>
        <translation>ID number checked</translation>
    </message>
    <message>
        <source>居民身份证有效期至 %1</source>
        <translation>resident ID card valid until %1</translation>
    </message>
    <message>
        <source>尚未录入统一社会信用代码</source>
        <translation>No unified social credit code entered yet</translation>
    </message>
    <message>
        <source>统一社会信用代码校验通过</source>
        <translation>Unified social credit code checked</translation>
    </message>
    <message>
        <source>统一社会信用代码无效：%1</source>
        <translation>The unified social credit code is not valid: %1</translation>
    </message>
    <message>
        <source>档案状态：%1，可办理参保登记</source>
        <translation>Record status: %1; enrolment is possible</translation>
    </message>
    <message>
        <source>档案状态：%1 → 已在本市参保，不能重复参保登记</source>
        <translation>Record status: %1 → already insured in this city; cannot enrol again</translation>
    </message>
    <message>
        <source>档案状态：%1，已参保登记</source>
        <translation>Record status: %1; enrolled</translation>
    </message>
    <message>
        <source>档案状态：%1 → 未在本市参保登记</source>
        <translation>Record status: %1 → not enrolled in this city</translation>
    </message>
    <message>
        <source>档案状态：%1，在本市参保</source>
        <translation>Record status: %1; insured in this city</translation>
    </message>
    <message>
        <source>档案状态：%1 → 未在本市参加职工基本养老保险</source>
        <translation>Record status: %1 → not in the employees&apos; basic pension insurance in this city</translation>
    </message>
    <message>
        <source>档案状态：%1，领取待遇中</source>
        <translation>Record status: %1; drawing benefits</translation>
    </message>
    <message>
        <source>档案状态：%1 → 不是领取待遇的人员</source>
        <translation>Record status: %1 → not a benefit recipient</translation>
    </message>
    <message>
        <source>档案状态：%1 → 个人账户已注销</source>
        <translation>Record status: %1 → the personal account is closed</translation>
    </message>
    <message>
        <source>档案状态：%1 → 不符合受理条件：%2</source>
        <translation>Record status: %1 → acceptance condition not met: %2</translation>
    </message>
    <message>
        <source>档案状态：%1 → 须经办人根据申请材料核实：%2</source>
        <translation>Record status: %1 → for the clerk to verify from the application materials: %2</translation>
    </message>
    <message>
        <source>参保起始 %1，已缴费 %2 个月，个人账户已建立</source>
        <translation>Insured since %1, %2 months of contributions; personal account set up</translation>
    </message>
    <message>
        <source>无缴费记录 → 个人账户尚未建立</source>
        <translation>No contributions on record → no personal account yet</translation>
    </message>
    <message>
        <source>参保档案未注明历史信息是否已审核，须查询档案后核验</source>
        <translation>The record does not say whether the history has been reviewed; look up the record to verify</translation>
    </message>
    <message>
        <source>历史信息尚未审核 → 先办理历史信息审核</source>
        <translation>History not yet reviewed → handle the history review first</translation>
    </message>
    <message>
        <source>须经办人根据申请材料确认</source>
        <translation>The clerk confirms this from the application materials</translation>
    </message>
    <message>
        <source>女职工须确认人员类别（原法定退休年龄50周岁或55周岁）</source>
        <translation>For a female employee, confirm the category (former statutory retirement age 50 or 55)</translation>
    </message>
    <message>
        <source>须录入参保人证件号码，查询参保档案后核验</source>
        <translation>Enter the insured person&apos;s ID number; verified once the record is looked up</translation>
    </message>
    <message>
        <source>缺少事实：%1（须查询参保档案）</source>
        <translation>Facts missing: %1 (the record must be looked up)</translation>
    </message>
    <message>
        <source>事实不完整或有误：%1</source>
        <translation>Facts incomplete or wrong: %1</translation>
    </message>
    <message>
        <source>出生 %1 → 法定退休 %2（%3），已达</source>
        <translation>born %1 → statutory retirement %2 (%3), reached</translation>
    </message>
    <message>
        <source>出生 %1 → 法定退休 %2（%3），未达</source>
        <translation>born %1 → statutory retirement %2 (%3), not reached</translation>
    </message>
    <message>
        <source>累计缴费 %1，%2年最低 %3，已满</source>
        <translation>contributions %1, minimum for %2 is %3, met</translation>
    </message>
    <message>
        <source>累计缴费 %1，%2年最低 %3，不足</source>
        <translation>contributions %1, minimum for %2 is %3, short</translation>
    </message>
    <message>
        <source>累计缴费 %1，已满15年</source>
        <translation>contributions %1, 15 years met</translation>
    </message>
    <message>
        <source>累计缴费 %1，不足15年</source>
        <translation>contributions %1, short of 15 years</translation>
    </message>
    <message>
        <source>累计缴费 %1</source>
        <translation>contributions %1</translation>
    </message>
    <message>
        <source>档案状态：%1</source>
        <translation>record status: %1</translation>
    </message>
    <message>
        <source>待遇领取地深圳：%1</source>
        <translation>benefits drawn in Shenzhen: %1</translation>
    </message>
    <message>
        <source>历史信息已审核：%1</source>
        <translation>history reviewed: %1</translation>
    </message>
    <message>
        <source>符合5.6.1.4所列情形</source>
        <translation>one of the cases listed in 5.6.1.4</translation>
    </message>
    <message>
        <source>须经办人确认是否丧失国籍或离境</source>
        <translation>the clerk confirms whether nationality was lost or the person left the country</translation>
    </message>
    <message>
        <source>所选情形不成立，但符合5.6.1.4的其他情形，请改选办理情形</source>
        <translation>The chosen ground does not hold, but another ground of 5.6.1.4 does: choose that one</translation>
    </message>
    <message>
        <source>须经办人根据材料确认：%1</source>
        <translation>the clerk confirms from the materials: %1</translation>
    </message>
    <message>
        <source>%1（经办人改判：%2）</source>
        <translation>%1 (changed by the clerk: %2)</translation>
    </message>
    <message>
        <source>离线暂予受理，联网后由中心复核</source>
        <translation>accepted provisionally offline; the centre re-checks it once online</translation>
    </message>
    <message>
        <source>本事项不允许离线暂予受理，请联网核验</source>
        <translation>this service cannot be accepted provisionally offline; verify it online</translation>
    </message>
    <message>
        <source>经办人确认</source>
        <translation>confirmed by the clerk</translation>
    </message>
    <message>
        <source>参保人证件号码无效：%1</source>
        <translation>The insured person&apos;s ID number is not valid: %1</translation>
    </message>
    <message>
        <source>参保人居民身份证已过有效期（有效期至 %1），请出示有效身份证件</source>
        <translation>The insured person&apos;s resident ID card has expired (valid until %1); please show a valid identity document</translation>
    </message>
    <message>
        <source>%1（档案状态：%2）</source>
        <translation>%1 (record status: %2)</translation>
    </message>
    <message>
        <source>%1（无缴费记录）</source>
        <translation>%1 (no contributions on record)</translation>
    </message>
    <message>
        <source>历史信息尚未核定，须先办理历史信息审核（6.5）</source>
        <translation>The history has not been confirmed; handle the history review (6.5) first</translation>
    </message>
    <message>
        <source>累计缴费年限不足：%1年达到法定退休年龄，最低缴费年限为%2，现有%3，尚差%4。不直接拒绝：可继续缴费（或按规定一次性缴费）至满足年限后再申请；也可按5.6.1.4申请个人账户储存额核定</source>
        <translation>Contributions too short: statutory retirement age reached in %1, the minimum is %2, there are %3, %4 short. Not a refusal: the person may keep contributing (or pay a lump sum as the rules allow) until the minimum is met and then apply, or apply for the personal account balance under 5.6.1.4</translation>
    </message>
    <message>
        <source>待遇领取地不是深圳市</source>
        <translation>Benefits are not drawn in Shenzhen</translation>
    </message>
    <message>
        <source>未达到法定退休年龄：法定退休年龄%1，%2达到</source>
        <translation>Statutory retirement age not reached: the statutory retirement age is %1, reached in %2</translation>
    </message>
    <message>
        <source>申请的退休时间%1早于弹性提前退休的最早时间%2（%3）</source>
        <translation>The requested retirement %1 is earlier than the earliest flexible early retirement %2 (%3)</translation>
    </message>
    <message>
        <source>申请的退休时间%1晚于弹性延迟退休的最晚时间%2（%3）</source>
        <translation>The requested retirement %1 is later than the latest flexible deferred retirement %2 (%3)</translation>
    </message>
    <message>
        <source>未到申请的退休时间%1</source>
        <translation>The requested retirement time %1 has not come yet</translation>
    </message>
    <message>
        <source>改革施行（2025-01-01）前已达到退休年龄，不适用弹性退休；法定退休时间为%1</source>
        <translation>Retirement age was reached before the reform took effect (2025-01-01), so flexible retirement does not apply; statutory retirement is %1</translation>
    </message>
    <message>
        <source>已达到法定退休年龄（%1，%2），应申请基本养老金核定</source>
        <translation>Statutory retirement age reached (%1, %2): apply for the basic pension assessment instead</translation>
    </message>
    <message>
        <source>累计缴费年限不足15年：现有%1，尚差%2</source>
        <translation>Contributions short of 15 years: there are %1, %2 short</translation>
    </message>
    <message>
        <source>未经鉴定为因病或非因工致残完全丧失劳动能力</source>
        <translation>Not assessed as completely unable to work through illness or a non-work injury</translation>
    </message>
    <message>
        <source>未在深圳市参加职工基本养老保险</source>
        <translation>Not in the employees&apos; basic pension insurance in Shenzhen</translation>
    </message>
    <message>
        <source>深圳市不是参保人的最后参保地</source>
        <translation>Shenzhen is not the insured person&apos;s last place of insurance</translation>
    </message>
    <message>
        <source>参保人死亡信息未确认</source>
        <translation>The insured person&apos;s death is not confirmed</translation>
    </message>
    <message>
        <source>死亡原因未确定：须为因病或非因工死亡</source>
        <translation>The cause of death is not established: it must be illness or a non-work cause</translation>
    </message>
    <message>
        <source>因工死亡的，按工伤保险规定办理，不属于本项</source>
        <translation>A death at work is handled under the work injury insurance rules, not under this service</translation>
    </message>
    <message>
        <source>已领取工伤保险或失业保险的丧葬补助金和抚恤金</source>
        <translation>Funeral grant and survivor benefit already drawn from work injury or unemployment insurance</translation>
    </message>
    <message>
        <source>未丧失中华人民共和国国籍</source>
        <translation>PRC nationality has not been lost</translation>
    </message>
    <message>
        <source>丧失国籍时已达到领取基本养老金条件，应办理基本养老金核定</source>
        <translation>The conditions for a basic pension were met when nationality was lost: handle the basic pension assessment instead</translation>
    </message>
    <message>
        <source>未达到法定退休年龄（%1，%2达到）</source>
        <translation>Statutory retirement age not reached (%1, reached in %2)</translation>
    </message>
    <message>
        <source>缴费年限已满最低缴费年限，应申请基本养老金核定（5.6.1.1）</source>
        <translation>The minimum contribution years are met: apply for the basic pension assessment (5.6.1.1) instead</translation>
    </message>
    <message>
        <source>不属于港澳台及外籍人员离境</source>
        <translation>Not a Hong Kong, Macao, Taiwan or foreign national who has left the country</translation>
    </message>
    <message>
        <source>未参加深圳市基本养老保险</source>
        <translation>Not in Shenzhen&apos;s basic pension insurance</translation>
    </message>
    <message>
        <source>历史信息已核定，无需重复审核</source>
        <translation>The history has already been confirmed; no second review is needed</translation>
    </message>
    <message>
        <source>%1岁</source>
        <translation>%1 years</translation>
    </message>
    <message>
        <source>%1岁%2个月</source>
        <translation>%1 years %2 months</translation>
    </message>
    <message>
        <source>%1年</source>
        <translation>%1 years</translation>
    </message>
    <message>
        <source>%1年%2个月</source>
        <translation>%1 years %2 months</translation>
    </message>
    <message>
        <source>%1个月</source>
        <translation>%1 months</translation>
    </message>
    <message>
        <source>未参保</source>
        <translation>not insured</translation>
    </message>
    <message>
        <source>参保缴费</source>
        <translation>insured, contributing</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>suspended</translation>
    </message>
    <message>
        <source>已退休</source>
        <translation>retired</translation>
    </message>
    <message>
        <source>已死亡</source>
        <translation>deceased</translation>
    </message>
    <message>
        <source>已注销</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>not registered</translation>
    </message>
    <message>
        <source>正常参保</source>
        <translation>insured</translation>
    </message>
    <message>
        <source>暂停缴费</source>
        <translation>contributions suspended</translation>
    </message>
    <message>
        <source>（核心业务系统无此人档案）</source>
        <translation> (no such person in the core system)</translation>
    </message>
    <message>
        <source>（核心业务系统无此单位）</source>
        <translation> (no such unit in the core system)</translation>
    </message>
    <message>
        <source>参保单位档案</source>
        <translation>the unit&apos;s record</translation>
    </message>
    <message>
        <source>参保人档案</source>
        <translation>the insured person&apos;s record</translation>
    </message>
    <message>
        <source>历史信息审核状态</source>
        <translation>whether the history was reviewed</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>long-term</translation>
    </message>
    <message>
        <source>出生年月</source>
        <translation>birth month</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>sex</translation>
    </message>
    <message>
        <source>人员类别</source>
        <translation>category</translation>
    </message>
    <message>
        <source>参保状态</source>
        <translation>insurance status</translation>
    </message>
    <message>
        <source>累计缴费月数</source>
        <translation>months of contributions</translation>
    </message>
    <message>
        <source>待遇领取地为深圳</source>
        <translation>benefits drawn in Shenzhen</translation>
    </message>
    <message>
        <source>在深圳参保</source>
        <translation>insured in Shenzhen</translation>
    </message>
    <message>
        <source>深圳为最后参保地</source>
        <translation>Shenzhen the last place insured</translation>
    </message>
    <message>
        <source>历史信息已审核</source>
        <translation>History reviewed</translation>
    </message>
    <message>
        <source>参保人死亡</source>
        <translation>insured person deceased</translation>
    </message>
    <message>
        <source>完全丧失劳动能力（鉴定）</source>
        <translation>complete loss of working capacity (assessed)</translation>
    </message>
    <message>
        <source>死亡原因</source>
        <translation>cause of death</translation>
    </message>
    <message>
        <source>已领工伤/失业保险丧葬抚恤待遇</source>
        <translation>funeral and survivor benefits already drawn from injury/unemployment insurance</translation>
    </message>
    <message>
        <source>丧失国籍</source>
        <translation>nationality lost</translation>
    </message>
    <message>
        <source>港澳台及外籍人员离境</source>
        <translation>Hong Kong, Macao, Taiwan or foreign national left the country</translation>
    </message>
</context>
<context>
    <name>ConfigErrors</name>
    <message>
        <source>应为一个配置节（[节名]）</source>
        <translation>should be a section ([name])</translation>
    </message>
    <message>
        <source>取值不在允许范围内，可选值：%1（当前值 %2）</source>
        <translation>not an allowed value; the choices: %1 (now %2)</translation>
    </message>
    <message>
        <source>应为 true 或 false</source>
        <translation>should be true or false</translation>
    </message>
    <message>
        <source>应为整数</source>
        <translation>should be a whole number</translation>
    </message>
    <message>
        <source>应为数字</source>
        <translation>should be a number</translation>
    </message>
    <message>
        <source>应为字符串</source>
        <translation>should be a string</translation>
    </message>
    <message>
        <source>不能为空</source>
        <translation>must not be empty</translation>
    </message>
    <message>
        <source>太短，至少 %1 个字符</source>
        <translation>too short: at least %1 characters</translation>
    </message>
    <message>
        <source>太长，最多 %1 个字符（当前 %2 个）</source>
        <translation>too long: at most %1 characters (now %2)</translation>
    </message>
    <message>
        <source>格式不正确（当前值 %1）</source>
        <translation>not in the right format (now %1)</translation>
    </message>
    <message>
        <source>数值太小（当前值 %1），应 %2</source>
        <translation>too small (now %1); should be %2</translation>
    </message>
    <message>
        <source>数值太大（当前值 %1），应 %2</source>
        <translation>too large (now %1); should be %2</translation>
    </message>
    <message>
        <source>不认识的配置项，可用的配置项：%1</source>
        <translation>unknown setting; the settings here: %1</translation>
    </message>
    <message>
        <source>不是合法的 JSON</source>
        <translation>not valid JSON</translation>
    </message>
    <message>
        <source>不是合法的 JSON（第%1行第%2列）</source>
        <translation>not valid JSON (line %1, column %2)</translation>
    </message>
    <message>
        <source>不是合法的 TOML</source>
        <translation>not valid TOML</translation>
    </message>
    <message>
        <source>不是合法的 TOML（第%1行第%2列）</source>
        <translation>not valid TOML (line %1, column %2)</translation>
    </message>
    <message>
        <source>不是合法的 TOML（文件末尾）</source>
        <translation>not valid TOML (at the end of the file)</translation>
    </message>
    <message>
        <source>无法读取：%1</source>
        <translation>cannot be read: %1</translation>
    </message>
    <message>
        <source>这是一个目录，不能写入配置；请先移走或改名</source>
        <translation>this is a directory; the configuration cannot be written there. Please move or rename it first</translation>
    </message>
    <message>
        <source>应为中心服务的地址，不带接口路径 %1（程序会自己加上）：请改为 %2（当前值 %3）</source>
        <translation>should be the central service&apos;s address without the API path %1 (the program adds it itself): change it to %2 (current value %3)</translation>
    </message>
    <message>
        <source>（整个文件）</source>
        <translation>(the whole file)</translation>
    </message>
    <message>
        <source>（文件语法）</source>
        <translation>(file syntax)</translation>
    </message>
    <message>
        <source>（文件）</source>
        <translation>(file)</translation>
    </message>
    <message>
        <source>（设置）</source>
        <translation>(settings)</translation>
    </message>
    <message>
        <source>环境变量 COUNTER_APP_CENTRAL_URL（代替配置项 central.url）</source>
        <translation>environment variable COUNTER_APP_CENTRAL_URL (in place of the setting central.url)</translation>
    </message>
    <message>
        <source>不是 UTF-8 编码的文本</source>
        <translation>not UTF-8 encoded text</translation>
    </message>
    <message>
        <source>这是一个目录，不是文件</source>
        <translation>this is a directory, not a file</translation>
    </message>
    <message>
        <source>没有读取权限</source>
        <translation>no permission to read it</translation>
    </message>
    <message>
        <source>读取出错</source>
        <translation>a read error</translation>
    </message>
    <message>
        <source>没有写入权限</source>
        <translation>no permission to write it</translation>
    </message>
    <message>
        <source>无法写入（磁盘已满或路径不可用）</source>
        <translation>cannot be written (the disk is full or the path is unavailable)</translation>
    </message>
    <message>
        <source>文件系统为只读</source>
        <translation>the file system is read-only</translation>
    </message>
    <message>
        <source>配置文件 %1 有误：</source>
        <translation>The configuration file %1 has errors:</translation>
    </message>
    <message>
        <source>设置有误：</source>
        <translation>The settings have errors:</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source> 且 </source>
        <translation> and </translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>自 %1 起一直处于“发送中”，没有得到中心服务的答复（同步进程可能已中断）</source>
        <translation>&quot;Sending&quot; since %1 without an answer from the central service (the sync process may have stopped)</translation>
    </message>
    <message>
        <source>上次发送失败：%1；下次重试 %2</source>
        <translation>Last send failed: %1; next retry at %2</translation>
    </message>
    <message>
        <source>上次发送失败：%1</source>
        <translation>Last send failed: %1</translation>
    </message>
    <message>
        <source>等待重试，下次 %1</source>
        <translation>Waiting to retry, next at %1</translation>
    </message>
    <message>
        <source>尚未发送：后台同步没有在运行，或没有登录中心服务</source>
        <translation>Not sent yet: background sync is not running, or nobody is signed in to the central service</translation>
    </message>
    <message>
        <source>待同步队列已 %1 分钟没有进展（%2 条等待）：卡在第 %3 条（%4，%5 %6，已尝试 %7 次）：%8</source>
        <translation>The sync queue has not moved for %1 min (%2 waiting): stuck at entry %3 (%4, %5 %6, %7 attempts): %8</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>当前用户：%1（%2）</source>
        <translation>Signed in: %1 (%2)</translation>
    </message>
    <message>
        <source>%1 第%2窗口</source>
        <translation>%1 · Window %2</translation>
    </message>
    <message>
        <source>连接状态未知</source>
        <translation>Connection status unknown</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>（时钟偏差超过5分钟）</source>
        <translation> (clock off by more than 5 minutes)</translation>
    </message>
    <message>
        <source>（已从备份恢复：须联网登录后才能办理业务）</source>
        <translation> (restored from a backup: sign in online before doing business)</translation>
    </message>
    <message>
        <source>待同步：%1</source>
        <translation>Outbox: %1</translation>
    </message>
    <message>
        <source>，异常：%1</source>
        <translation>, problems: %1</translation>
    </message>
    <message>
        <source>（⚠ 同步停滞）</source>
        <translation> (⚠ sync stalled)</translation>
    </message>
    <message>
        <source>设备状态未知</source>
        <translation>Device status unknown</translation>
    </message>
    <message>
        <source>无高拍仪</source>
        <translation>No document camera</translation>
    </message>
    <message>
        <source>高拍仪（图片目录）</source>
        <translation>Document camera (image folder)</translation>
    </message>
    <message>
        <source>高拍仪就绪</source>
        <translation>Document camera ready</translation>
    </message>
    <message>
        <source>屏幕签名</source>
        <translation>On-screen signature</translation>
    </message>
    <message>
        <source>签名板就绪</source>
        <translation>Signature pad ready</translation>
    </message>
    <message>
        <source>无签名板</source>
        <translation>No signature pad</translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <source>客户显示屏</source>
        <translation>Customer display</translation>
    </message>
    <message>
        <source>欢迎光临 %1 第%2号窗口</source>
        <translation>Welcome to %1, Window %2</translation>
    </message>
    <message>
        <source>已收材料</source>
        <translation>Materials received</translation>
    </message>
    <message>
        <source>尚缺或需补正的材料</source>
        <translation>Materials missing or to be corrected</translation>
    </message>
    <message>
        <source>请您对本次服务进行评价</source>
        <translation>Please rate our service</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>暂不评价 (Esc)</source>
        <translation>Skip rating (Esc)</translation>
    </message>
    <message>
        <source>感谢您的评价！</source>
        <translation>Thank you for your feedback!</translation>
    </message>
    <message>
        <source>很抱歉！请告诉我们不满意的原因，我们将尽快核实整改并回复您</source>
        <translation>We are sorry! Please tell us why you are dissatisfied; we will look into it, put it right and reply to you as soon as possible</translation>
    </message>
    <message>
        <source>等候时间长</source>
        <translation>Long waiting time</translation>
    </message>
    <message>
        <source>服务态度</source>
        <translation>Staff attitude</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>材料要求说明不清</source>
        <translation>Unclear explanation of required materials</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>返回重新评价 (Esc)</source>
        <translation>Back to rating (Esc)</translation>
    </message>
    <message>
        <source>读取办件失败</source>
        <translation>Could not load the case</translation>
    </message>
    <message>
        <source>申请人：%1&#x3000;证件号码：%2</source>
        <translation>Applicant: %1 · ID number: %2</translation>
    </message>
    <message>
        <source>办件尚未完成受理审核，暂不能评价</source>
        <translation>The case has not finished acceptance review; rating is not possible yet</translation>
    </message>
    <message>
        <source>本办件已评价</source>
        <translation>This case has already been rated</translation>
    </message>
    <message>
        <source>评价未能保存</source>
        <translation>The rating could not be saved</translation>
    </message>
</context>
<context>
    <name>DecisionForm</name>
    <message>
        <source>核定数据：%1（带 * 的为必填项）</source>
        <translation>Assessment data: %1 (fields marked * are required)</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(please select)</translation>
    </message>
    <message>
        <source>如 2026-04</source>
        <translation>e.g. 2026-04</translation>
    </message>
    <message>
        <source>如 2026-04-15</source>
        <translation>e.g. 2026-04-15</translation>
    </message>
    <message>
        <source>只能填写数字，最多两位小数</source>
        <translation>Digits only, at most two decimal places</translation>
    </message>
    <message>
        <source>只能填写整数</source>
        <translation>Whole numbers only</translation>
    </message>
    <message>
        <source>只能填写数字，最多四位小数</source>
        <translation>Digits only, at most four decimal places</translation>
    </message>
    <message>
        <source>请按“2026-04”的格式填写年月</source>
        <translation>Enter the month as 2026-04</translation>
    </message>
    <message>
        <source>请按“2026-04-15”的格式填写日期</source>
        <translation>Enter the date as 2026-04-15</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>档案</source>
        <translation>Insurance record</translation>
    </message>
    <message>
        <source>规则计算</source>
        <translation>Rule calculation</translation>
    </message>
    <message>
        <source>经办人填写</source>
        <translation>Entered by the clerk</translation>
    </message>
    <message>
        <source>经办人修改</source>
        <translation>Changed by clerk</translation>
    </message>
    <message>
        <source>来源：%1</source>
        <translation>Source: %1</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>DeviceErrors</name>
    <message>
        <source>社会保障卡中的信息不完整或格式不正确。</source>
        <translation>The information on the social security card is incomplete or malformed.</translation>
    </message>
    <message>
        <source>请重试；仍然失败时请参保人到社保卡服务网点检测或补换卡。</source>
        <translation>Please try again; if it still fails, the insured person should have the card checked or replaced at a social security card service point.</translation>
    </message>
    <message>
        <source>读卡失败。</source>
        <translation>Card read failed.</translation>
    </message>
    <message>
        <source>读卡过程中社会保障卡被拔出，信息未读全。</source>
        <translation>The social security card was pulled out during the read; not all information was read.</translation>
    </message>
    <message>
        <source>请重新插入社会保障卡，读卡完成前不要拔卡，然后重试。</source>
        <translation>Please insert the social security card again, do not remove it before the read completes, and try again.</translation>
    </message>
    <message>
        <source>这是第三代社会保障卡，统一读卡接口的普通读卡功能未返回姓名和社会保障号码。</source>
        <translation>This is a third-generation social security card; the unified card interface&apos;s ordinary read did not return the name and social security number.</translation>
    </message>
    <message>
        <source>需要使用加密机版本的接口（iReadCardBas_HSM_Step1 / iReadCardBas_HSM_Step2）经安全模块读取，请联系信息技术人员开通。</source>
        <translation>The card must be read through the security module with the HSM version of the interface (iReadCardBas_HSM_Step1 / iReadCardBas_HSM_Step2); please ask IT staff to enable it.</translation>
    </message>
    <message>
        <source>读卡器中没有社会保障卡。</source>
        <translation>There is no social security card in the reader.</translation>
    </message>
    <message>
        <source>请将社会保障卡芯片朝上插入读卡器后重试。</source>
        <translation>Please insert the social security card chip side up into the reader and try again.</translation>
    </message>
    <message>
        <source>未找到读卡器。</source>
        <translation>No card reader found.</translation>
    </message>
    <message>
        <source>请检查读卡器的 USB 连接和驱动；如配置了读卡器名称，请核对名称是否正确（counter-app card readers 可列出读卡器）。</source>
        <translation>Please check the card reader&apos;s USB connection and driver; if a reader name is configured, check that it is correct (counter-app card readers lists the readers).</translation>
    </message>
    <message>
        <source>智能卡服务（PC/SC）未运行，无法使用读卡器。</source>
        <translation>The smart card service (PC/SC) is not running; the card reader cannot be used.</translation>
    </message>
    <message>
        <source>Linux 上请启动 pcscd 服务（systemctl start pcscd 或 pcscd），Windows 上请启动“Smart Card”服务，然后重试。</source>
        <translation>On Linux start the pcscd service (systemctl start pcscd or pcscd), on Windows start the &quot;Smart Card&quot; service, then try again.</translation>
    </message>
    <message>
        <source>读卡器正被其他程序占用。</source>
        <translation>The card reader is in use by another program.</translation>
    </message>
    <message>
        <source>请关闭其他正在使用读卡器的程序后重试。</source>
        <translation>Please close the other program using the card reader and try again.</translation>
    </message>
    <message>
        <source>这是第三代社会保障卡（规范版本 3.00），姓名和社会保障号码不能通过普通 PC/SC 读卡器明文读取。</source>
        <translation>This is a third-generation social security card (specification version 3.00); its name and social security number cannot be read in clear through an ordinary PC/SC reader.</translation>
    </message>
    <message>
        <source>请改用支持全国统一读卡接口的读卡器（配置 card.backend = &quot;unified&quot; 并设置 card.unified_library）。</source>
        <translation>Please use a reader that supports the national unified card interface (set card.backend = &quot;unified&quot; and card.unified_library in the configuration).</translation>
    </message>
    <message>
        <source>无法加载全国统一读卡接口动态库。</source>
        <translation>The national unified card interface library cannot be loaded.</translation>
    </message>
    <message>
        <source>请在配置中设置 card.unified_library 为读卡器厂商提供的动态库路径，并确认与本程序位数一致。</source>
        <translation>Please set card.unified_library in the configuration to the path of the library supplied by the reader&apos;s vendor, and make sure it matches this program&apos;s bitness.</translation>
    </message>
    <message>
        <source>无法识别此卡：不是社会保障卡，或卡内没有社会保障应用。</source>
        <translation>This card cannot be recognised: it is not a social security card, or it has no social security application.</translation>
    </message>
    <message>
        <source>请确认插入的是社会保障卡（不是银行卡或其他卡片），芯片朝上插到底后重试。</source>
        <translation>Please make sure it is a social security card (not a bank card or another card), insert it fully chip side up, and try again.</translation>
    </message>
    <message>
        <source>读取居民身份证失败。</source>
        <translation>Reading the resident ID card failed.</translation>
    </message>
    <message>
        <source>居民身份证信息不完整或格式不正确。</source>
        <translation>The resident ID card&apos;s information is incomplete or malformed.</translation>
    </message>
    <message>
        <source>请重试；仍然失败时请核对证件原件，必要时手工录入。</source>
        <translation>Please try again; if it still fails, check the original card and enter the details by hand if necessary.</translation>
    </message>
    <message>
        <source>无法加载身份证阅读器厂商动态库。</source>
        <translation>The ID card reader vendor&apos;s library cannot be loaded.</translation>
    </message>
    <message>
        <source>请在配置 [idcard] 中设置 library 为阅读器厂商提供的动态库（Linux 为 libsdtapi.so，Windows 为 sdtapi.dll），并确认与本程序位数一致。</source>
        <translation>Please set library in the [idcard] configuration to the library supplied by the reader&apos;s vendor (libsdtapi.so on Linux, sdtapi.dll on Windows), and make sure it matches this program&apos;s bitness.</translation>
    </message>
    <message>
        <source>阅读器上没有居民身份证。</source>
        <translation>There is no resident ID card on the reader.</translation>
    </message>
    <message>
        <source>请将居民身份证平放在阅读器感应区后重试。</source>
        <translation>Please lay the resident ID card flat on the reader&apos;s sensing area and try again.</translation>
    </message>
    <message>
        <source>未找到身份证阅读器（端口打开失败）。</source>
        <translation>No ID card reader found (the port could not be opened).</translation>
    </message>
    <message>
        <source>请检查阅读器的 USB / 串口连接和驱动；如配置了 idcard.port，请核对端口号（USB 口为 1001～1016，串口为 1～16）。</source>
        <translation>Please check the reader&apos;s USB / serial connection and driver; if idcard.port is configured, check the port number (USB ports 1001–1016, serial ports 1–16).</translation>
    </message>
    <message>
        <source>居民身份证读取失败。</source>
        <translation>Reading the resident ID card failed.</translation>
    </message>
    <message>
        <source>请将身份证平放在感应区、读卡完成前不要移开，然后重试；仍失败时请检查证件是否损坏。</source>
        <translation>Please lay the ID card flat on the sensing area and do not move it before the read completes, then try again; if it still fails, check whether the card is damaged.</translation>
    </message>
    <message>
        <source>未检测到指纹采集器</source>
        <translation>No fingerprint scanner detected</translation>
    </message>
    <message>
        <source>指纹采集器正忙（另一项采集尚未结束）</source>
        <translation>The fingerprint scanner is busy (another capture has not finished)</translation>
    </message>
    <message>
        <source>请等待当前采集结束，或先取消当前采集。</source>
        <translation>Wait for the current capture to finish, or cancel it first.</translation>
    </message>
    <message>
        <source>指纹采集质量不合格，请重新按压</source>
        <translation>The fingerprint image quality is not good enough; please press again</translation>
    </message>
    <message>
        <source>指纹采集已取消</source>
        <translation>Fingerprint capture cancelled</translation>
    </message>
    <message>
        <source>没有扫到二维码内容。</source>
        <translation>The scan gave no QR code content.</translation>
    </message>
    <message>
        <source>请参保人打开电子社保卡“亮码”后重新扫码。</source>
        <translation>Ask the insured person to show the code of the electronic social security card, then scan again.</translation>
    </message>
    <message>
        <source>扫到的内容不是电子社保卡二维码。</source>
        <translation>What was scanned is not an electronic social security card QR code.</translation>
    </message>
    <message>
        <source>电子社保卡需联网核验，请读实体卡或身份证</source>
        <translation>The electronic social security card can only be verified online; please read the physical card or the ID card</translation>
    </message>
    <message>
        <source>中心服务未开通电子社保卡核验。</source>
        <translation>The central service does not offer electronic social security card verification.</translation>
    </message>
    <message>
        <source>未登录中心服务，无法核验电子社保卡。</source>
        <translation>Not signed in to the central service; the electronic social security card cannot be verified.</translation>
    </message>
    <message>
        <source>请先联网登录（counter-app login 用户名），或读实体卡、身份证。</source>
        <translation>Sign in online first (counter-app login USERNAME), or read the physical card or the ID card.</translation>
    </message>
    <message>
        <source>电子社保卡核验时出现意外错误，请读实体卡或身份证</source>
        <translation>Unexpected error while verifying the electronic social security card; please read the physical card or the ID card</translation>
    </message>
    <message>
        <source>录入的指纹质量%1（特征点 %2 个），请重新录入</source>
        <translation>The enrolled fingerprint&apos;s quality: %1 (%2 minutiae); please enrol again</translation>
    </message>
    <message>
        <source>指纹图像质量较差（特征点仅 %1 个），请重新按压</source>
        <translation>The fingerprint image is poor (only %1 minutiae); please press again</translation>
    </message>
    <message>
        <source>等待按压手指超时（%1 秒内未采集到指纹）</source>
        <translation>Timed out waiting for a finger (no fingerprint captured within %1 seconds)</translation>
    </message>
    <message>
        <source>采集质量%1（特征点 %2 个）</source>
        <translation>Scan quality: %1 (%2 minutiae)</translation>
    </message>
    <message>
        <source>录入完成，质量%1</source>
        <translation>Enrolment complete, quality: %1</translation>
    </message>
    <message>
        <source>按压时间太短，请重新按压</source>
        <translation>The finger was pressed too briefly; please press again</translation>
    </message>
    <message>
        <source>手指没有放在采集窗口中央，请重新按压</source>
        <translation>The finger was not in the centre of the sensor; please press again</translation>
    </message>
    <message>
        <source>请抬起手指后重新按压</source>
        <translation>Please lift the finger and press again</translation>
    </message>
    <message>
        <source>未能读取指纹，请重新按压</source>
        <translation>The fingerprint could not be read; please press again</translation>
    </message>
    <message>
        <source>手指位置偏上，请重新按压</source>
        <translation>The finger is too high; please press again</translation>
    </message>
    <message>
        <source>手指位置偏下，请重新按压</source>
        <translation>The finger is too low; please press again</translation>
    </message>
    <message>
        <source>手指位置偏左，请重新按压</source>
        <translation>The finger is too far left; please press again</translation>
    </message>
    <message>
        <source>手指位置偏右，请重新按压</source>
        <translation>The finger is too far right; please press again</translation>
    </message>
    <message>
        <source>滑动太快，请重新按压</source>
        <translation>The finger moved too fast; please press again</translation>
    </message>
    <message>
        <source>滑动太慢，请重新按压</source>
        <translation>The finger moved too slowly; please press again</translation>
    </message>
    <message>
        <source>指纹图像质量较差，请重新按压</source>
        <translation>The fingerprint image is poor; please press again</translation>
    </message>
    <message>
        <source>未采集到清晰的指纹纹线，请重新按压</source>
        <translation>No clear fingerprint ridges were captured; please press again</translation>
    </message>
    <message>
        <source>手指歪斜，请摆正后重新按压</source>
        <translation>The finger is crooked; please straighten it and press again</translation>
    </message>
    <message>
        <source>多次按压不一致，请重新按压</source>
        <translation>The presses did not match each other; please press again</translation>
    </message>
    <message>
        <source>该手指已在本机录入过</source>
        <translation>This finger is already enrolled on this computer</translation>
    </message>
    <message>
        <source>未配置 Windows 生物识别私有指纹库（[fingerprint] wbf_database），不能录入或比对指纹</source>
        <translation>No private Windows Biometric Framework database is configured ([fingerprint] wbf_database): fingerprints cannot be enrolled or verified</translation>
    </message>
    <message>
        <source>该指纹是旧版本录入到 Windows 登录指纹库的，无法比对，请重新采集</source>
        <translation>This fingerprint was enrolled into the Windows sign-in database by an earlier release and cannot be verified; please capture it again</translation>
    </message>
    <message>
        <source>指纹录入未得到私有指纹库的模板标识，未保存（请核对 Windows 生物识别私有指纹库的配置）</source>
        <translation>The enrolment did not return an identity from the private fingerprint database and was not saved (check the private Windows Biometric Framework database configuration)</translation>
    </message>
    <message>
        <source>Windows 上不能使用 libfprint 指纹采集器</source>
        <translation>The libfprint fingerprint reader cannot be used on Windows</translation>
    </message>
    <message>
        <source>各次按压的不是同一手指，请重新录入</source>
        <translation>The presses were not all of the same finger; please enrol again</translation>
    </message>
    <message>
        <source>良好</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Fair</translation>
    </message>
    <message>
        <source>较差</source>
        <translation>Poor</translation>
    </message>
    <message>
        <source>请将手指平放在采集器上</source>
        <translation>Place your finger flat on the scanner</translation>
    </message>
    <message>
        <source>请抬起手指</source>
        <translation>Lift your finger</translation>
    </message>
    <message>
        <source>卡内数据有误，请改用身份证或人工核对。</source>
        <translation>The data on the card is wrong; use the ID card instead or check by hand.</translation>
    </message>
    <message>
        <source>卡内数据有误：%1，请改用身份证或人工核对。</source>
        <translation>The data on the card is wrong: %1. Use the ID card instead or check by hand.</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1；%2</source>
        <translation>%1; %2</translation>
    </message>
    <message>
        <source>%1、%2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>社会保障号码无效</source>
        <translation>invalid social security number</translation>
    </message>
    <message>
        <source>姓名含控制字符</source>
        <translation>control characters in the name</translation>
    </message>
    <message>
        <source>社会保障号码不是数字和字母</source>
        <translation>social security number not made of digits and letters</translation>
    </message>
    <message>
        <source>姓名不是卡片规定的 GBK 编码</source>
        <translation>name not in the GBK encoding cards use</translation>
    </message>
    <message>
        <source>姓名不是卡片规定的 GBK 编码（疑为 UTF-8 写卡）</source>
        <translation>name not in the GBK encoding cards use (probably written as UTF-8)</translation>
    </message>
    <message>
        <source>请参保人到社保卡服务网点检测或补换卡。</source>
        <translation>Ask the insured person to have the card checked or replaced at a social security card service point.</translation>
    </message>
    <message>
        <source>读卡器 5 秒内没有应答。</source>
        <translation>The card reader did not answer within 5 seconds.</translation>
    </message>
    <message>
        <source>请检查读卡器后重新插卡再读；仍然没有应答时请拔插读卡器的 USB 线。</source>
        <translation>Check the card reader, then insert the card again; if it still does not answer, unplug and replug the reader&apos;s USB cable.</translation>
    </message>
    <message>
        <source>指纹采集器出错，请重试</source>
        <translation>The fingerprint reader reported an error; try again</translation>
    </message>
    <message>
        <source>指纹采集器通信出错，请重新插拔采集器后重试</source>
        <translation>Communication with the fingerprint reader failed; unplug and replug it, then try again</translation>
    </message>
    <message>
        <source>指纹采集器已被其他程序占用</source>
        <translation>The fingerprint reader is in use by another program</translation>
    </message>
    <message>
        <source>采集器中找不到该指纹记录</source>
        <translation>The fingerprint record was not found on the reader</translation>
    </message>
    <message>
        <source>指纹采集器的存储已满</source>
        <translation>The fingerprint reader&apos;s storage is full</translation>
    </message>
    <message>
        <source>指纹采集器过热，请稍候几分钟再试</source>
        <translation>The fingerprint reader is too hot; wait a few minutes and try again</translation>
    </message>
    <message>
        <source>指纹采集器出错（未知错误），请重新插拔采集器后重试</source>
        <translation>The fingerprint reader reported an unknown error; unplug and replug it, then try again</translation>
    </message>
    <message>
        <source>社会保障卡已过有效期（有效期至 %1），信息仅供核对，请提示参保人申领新卡。</source>
        <translation>The social security card has expired (valid until %1). Its data is for checking only; ask the applicant to apply for a new card.</translation>
    </message>
    <message>
        <source>社会保障卡已过有效期（有效期至 未知），信息仅供核对，请提示参保人申领新卡。</source>
        <translation>The social security card has expired (valid until: unknown). Its data is for checking only; ask the applicant to apply for a new card.</translation>
    </message>
    <message>
        <source>卡内出生日期（%1）与社会保障号码中的出生日期（%2）不一致，请人工核对身份证件。</source>
        <translation>The birth date on the card (%1) differs from the one in the social security number (%2). Check the identity document by hand.</translation>
    </message>
    <message>
        <source>卡内出生日期（%1）晚于今天，请人工核对身份证件。</source>
        <translation>The birth date on the card (%1) is after today. Check the identity document by hand.</translation>
    </message>
    <message>
        <source>卡内性别与社会保障号码不一致，请人工核对身份证件。</source>
        <translation>The sex on the card differs from the social security number. Check the identity document by hand.</translation>
    </message>
    <message>
        <source>卡内发卡日期（%1）晚于有效期（%2），请人工核对。</source>
        <translation>The card's issue date (%1) is after its expiry date (%2). Check by hand.</translation>
    </message>
    <message>
        <source>卡内发卡日期（%1）晚于今天，请人工核对。</source>
        <translation>The card's issue date (%1) is after today. Check by hand.</translation>
    </message>
    <message>
        <source>居民身份证已过有效期（有效期至 %1），不能作为有效身份证件，请参保人出示有效证件。</source>
        <translation>The resident ID card has expired (valid until %1) and is not a valid identity document. Ask the applicant for a valid one.</translation>
    </message>
    <message>
        <source>证件上的出生日期（%1）与公民身份号码中的出生日期（%2）不一致，请人工核对证件原件。</source>
        <translation>The birth date on the ID card (%1) differs from the one in the citizen ID number (%2). Check the original document by hand.</translation>
    </message>
    <message>
        <source>证件上的性别与公民身份号码不一致，请人工核对证件原件。</source>
        <translation>The sex on the ID card differs from the citizen ID number. Check the original document by hand.</translation>
    </message>
    <message>
        <source>%1年%2月%3日</source>
        <translation>%1-%4-%5</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>配置文件有误</source>
        <translation>Configuration file error</translation>
    </message>
    <message>
        <source>配置文件有误时不能办理业务（办件和文书会用别的窗口编号）。请按上面的提示修改配置文件（或请管理员修改），然后重新启动。</source>
        <translation>No business can be done while the configuration file is in error (cases and documents would be numbered with another workstation&apos;s id). Correct the configuration file as described above (or ask the administrator to), then start again.</translation>
    </message>
    <message>
        <source>本地数据库已损坏</source>
        <translation>Local database is damaged</translation>
    </message>
    <message>
        <source>是否现在用最近的可用备份恢复？损坏的文件会保留，不会删除。</source>
        <translation>Restore from the most recent usable backup now? The damaged file will be kept, not deleted.</translation>
    </message>
    <message>
        <source>恢复备份</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>DocumentTitle</name>
    <message>
        <source>养老保险待遇资格认证上门认证申请告知单</source>
        <translation>Home-visit certification request notice (养老保险待遇资格认证上门认证申请告知单)</translation>
    </message>
    <message>
        <source>受理告知书</source>
        <translation>Acceptance notice (受理告知书)</translation>
    </message>
    <message>
        <source>受理通知书</source>
        <translation>Acceptance notification (受理通知书)</translation>
    </message>
    <message>
        <source>业务指引告知书</source>
        <translation>Service guidance notice (业务指引告知书)</translation>
    </message>
    <message>
        <source>不予受理决定书</source>
        <translation>Decision not to accept (不予受理决定书)</translation>
    </message>
    <message>
        <source>补齐补正材料清单</source>
        <translation>List of documents to complete or correct (补齐补正材料清单)</translation>
    </message>
    <message>
        <source>基本养老保险缴费账户转移联系函</source>
        <translation>Contribution account transfer contact letter (基本养老保险缴费账户转移联系函)</translation>
    </message>
    <message>
        <source>基本养老保险缴费账户转移接续信息表</source>
        <translation>Contribution account transfer information sheet (基本养老保险缴费账户转移接续信息表)</translation>
    </message>
    <message>
        <source>临时基本养老保险缴费账户转移联系函</source>
        <translation>Temporary contribution account transfer contact letter (临时基本养老保险缴费账户转移联系函)</translation>
    </message>
    <message>
        <source>临时基本养老保险缴费账户转移接续信息表</source>
        <translation>Temporary contribution account transfer information sheet (临时基本养老保险缴费账户转移接续信息表)</translation>
    </message>
    <message>
        <source>深圳市企业职工养老保险视同缴费年限核准决定书</source>
        <translation>Deemed contribution years approval decision (深圳市企业职工养老保险视同缴费年限核准决定书)</translation>
    </message>
    <message>
        <source>深圳市企业职工养老保险金核准决定书</source>
        <translation>Pension approval decision (深圳市企业职工养老保险金核准决定书)</translation>
    </message>
    <message>
        <source>深圳市企业职工养老保险金不予认定决定书</source>
        <translation>Pension non-recognition decision (深圳市企业职工养老保险金不予认定决定书)</translation>
    </message>
    <message>
        <source>深圳市企业职工病残津贴核准决定书</source>
        <translation>Disability allowance approval decision (深圳市企业职工病残津贴核准决定书)</translation>
    </message>
    <message>
        <source>深圳市企业职工丧葬补助金、抚恤金核准决定书</source>
        <translation>Funeral grant and survivors&apos; benefit approval decision (深圳市企业职工丧葬补助金、抚恤金核准决定书)</translation>
    </message>
    <message>
        <source>特殊工种提前退休公示</source>
        <translation>Public notice of early retirement for special work (特殊工种提前退休公示)</translation>
    </message>
    <message>
        <source>职工基本养老保险个人账户对账单</source>
        <translation>Individual account statement (职工基本养老保险个人账户对账单)</translation>
    </message>
    <message>
        <source>职工基本养老保险缴费明细</source>
        <translation>Contribution details (职工基本养老保险缴费明细)</translation>
    </message>
    <message>
        <source>养老保险待遇资格认证结果告知单</source>
        <translation>Benefit eligibility certification result notice (养老保险待遇资格认证结果告知单)</translation>
    </message>
    <message>
        <source>补打 %1</source>
        <translation>Reprint: %1</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>文书</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>出具时间</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print status</translation>
    </message>
    <message>
        <source>已打印 %1 次</source>
        <translation>Printed %1×</translation>
    </message>
    <message>
        <source>未打印</source>
        <translation>Not printed</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>只有窗口经办人或科长可以打印、补打文书；本账号只能查看</source>
        <translation>Only a counter clerk or a supervisor may print or reprint documents; this account may only view them</translation>
    </message>
    <message>
        <source>本账号不是窗口经办人或科长，不能办理申请人签名</source>
        <translation>This account is not a counter clerk or supervisor and may not take the applicant's signature</translation>
    </message>
    <message>
        <source>本账号不是窗口经办人或科长，不能补打文书</source>
        <translation>This account is not a counter clerk or supervisor and may not reprint documents</translation>
    </message>
    <message>
        <source>排队中</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>打印中</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>等待处理</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>打印文书</source>
        <translation>Print document</translation>
    </message>
    <message>
        <source>改送其他打印机</source>
        <translation>Send to another printer</translation>
    </message>
    <message>
        <source>目标打印机：</source>
        <translation>Target printer:</translation>
    </message>
    <message>
        <source>补打文书</source>
        <translation>Reprint document</translation>
    </message>
    <message>
        <source>补打原因（如：原件遗失、打印不清）：</source>
        <translation>Reason for reprint (e.g. original lost, print illegible):</translation>
    </message>
    <message>
        <source>文书与打印</source>
        <translation>Documents and printing</translation>
    </message>
    <message>
        <source>范围(&amp;W)：</source>
        <translation>Sho&amp;w:</translation>
    </message>
    <message>
        <source>当前办件的文书</source>
        <translation>Current case&apos;s documents</translation>
    </message>
    <message>
        <source>今日全部文书</source>
        <translation>All documents today</translation>
    </message>
    <message>
        <source>打印队列(&amp;Q)：</source>
        <translation>Print &amp;queue:</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>选择打印机打印…</source>
        <translation>Print to printer…</translation>
    </message>
    <message>
        <source>补打…</source>
        <translation>Reprint…</translation>
    </message>
    <message>
        <source>重试打印</source>
        <translation>Retry print</translation>
    </message>
    <message>
        <source>改送其他打印机…</source>
        <translation>Send to another printer…</translation>
    </message>
    <message>
        <source>取消打印任务</source>
        <translation>Cancel print job</translation>
    </message>
    <message>
        <source>显示当前办件的文书</source>
        <translation>Show the current case&apos;s documents</translation>
    </message>
    <message>
        <source>显示今日全部文书</source>
        <translation>Show all documents issued today</translation>
    </message>
    <message>
        <source>转到打印队列</source>
        <translation>Go to print queue</translation>
    </message>
    <message>
        <source>申请人签名…</source>
        <translation>Applicant signature…</translation>
    </message>
    <message>
        <source>（尚未打开办件）</source>
        <translation>(no case open)</translation>
    </message>
    <message>
        <source>预览：共 %1 页</source>
        <translation>Preview: %1 page(s)</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>文书列表读取失败</source>
        <translation>Could not load the document list</translation>
    </message>
    <message>
        <source>文书预览失败</source>
        <translation>Document preview failed</translation>
    </message>
    <message>
        <source>打印任务在等待：%1</source>
        <translation>Print job waiting: %1</translation>
    </message>
    <message>
        <source>请先选择要签名的文书</source>
        <translation>Select the document to be signed first</translation>
    </message>
    <message>
        <source>《%1》不需要申请人签名</source>
        <translation>“%1” does not require the applicant’s signature</translation>
    </message>
    <message>
        <source>本窗口未启用电子签名（设置 signpad.backend）</source>
        <translation>Electronic signatures are not enabled at this counter (set signpad.backend)</translation>
    </message>
    <message>
        <source>申请人签名：《%1》</source>
        <translation>Applicant signature: “%1”</translation>
    </message>
    <message>
        <source>已保存申请人在《%1》上的签名</source>
        <translation>Applicant’s signature on “%1” saved</translation>
    </message>
    <message>
        <source>保存签名失败</source>
        <translation>Failed to save signature</translation>
    </message>
    <message>
        <source>请先选择要打印的文书</source>
        <translation>Select a document to print first</translation>
    </message>
    <message>
        <source>该文书已在打印队列中（%1），请在打印队列中处理</source>
        <translation>This document is already in the print queue (%1); handle it in the print queue</translation>
    </message>
    <message>
        <source>该文书已打印过；如需再次打印，请使用补打</source>
        <translation>This document has already been printed; use Reprint to print it again</translation>
    </message>
    <message>
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <source>请先选择要补打的文书</source>
        <translation>Select a document to reprint first</translation>
    </message>
    <message>
        <source>补打失败</source>
        <translation>Reprint failed</translation>
    </message>
    <message>
        <source>打印队列读取失败</source>
        <translation>Could not load the print queue</translation>
    </message>
    <message>
        <source>打印队列刷新失败</source>
        <translation>Could not refresh the print queue</translation>
    </message>
    <message>
        <source>请先在打印队列中选择任务</source>
        <translation>Select a job in the print queue first</translation>
    </message>
    <message>
        <source>只有「等待处理」的任务可以重试</source>
        <translation>Only jobs that are “Waiting” can be retried</translation>
    </message>
    <message>
        <source>重试打印失败</source>
        <translation>Retry failed</translation>
    </message>
    <message>
        <source>该任务已结束，不能改送其他打印机</source>
        <translation>This job has finished and cannot be sent to another printer</translation>
    </message>
    <message>
        <source>没有其他可用的打印机</source>
        <translation>No other printer is available</translation>
    </message>
    <message>
        <source>改送打印机失败</source>
        <translation>Could not send to another printer</translation>
    </message>
    <message>
        <source>读取打印机列表失败</source>
        <translation>Could not load the printer list</translation>
    </message>
    <message>
        <source>请选择尚未完成的打印任务</source>
        <translation>Select an unfinished print job</translation>
    </message>
    <message>
        <source>取消打印失败</source>
        <translation>Could not cancel the print job</translation>
    </message>
    <message>
        <source>%1，%2</source>
        <translation>%1; %2</translation>
    </message>
    <message>
        <source>预览：《%1》%2 · 共 %3 页</source>
        <translation>Preview: “%1” %2 · %3 page(s)</translation>
    </message>
    <message>
        <source>补打须填写原因，请填写（如：原件遗失、打印不清）：</source>
        <translation>A reprint needs a reason. Enter it (e.g. original lost, print illegible):</translation>
    </message>
</context>
<context>
    <name>FieldPanel</name>
    <message>
        <source>名单未能刷新</source>
        <translation>The list could not be reloaded</translation>
    </message>
    <message>
        <source>拉取名单(&amp;P)</source>
        <translation>&amp;Pull list</translation>
    </message>
    <message>
        <source>上门认证记录</source>
        <translation>Home-visit certification record</translation>
    </message>
    <message>
        <source>请在左侧名单中选择一人</source>
        <translation>Select a person in the list on the left</translation>
    </message>
    <message>
        <source>已到场核实地址</source>
        <translation>On site, address verified</translation>
    </message>
    <message>
        <source>第二名工作人员登录</source>
        <translation>Second staff member login</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>读卡</source>
        <translation>Read card</translation>
    </message>
    <message>
        <source>未读卡</source>
        <translation>Card not read</translation>
    </message>
    <message>
        <source>指纹比对</source>
        <translation>Fingerprint matching</translation>
    </message>
    <message>
        <source>拍照</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <source>已核对档案照片（无指纹模板时）</source>
        <translation>Record photo checked (when there is no fingerprint template)</translation>
    </message>
    <message>
        <source>未拍照</source>
        <translation>No photo taken</translation>
    </message>
    <message>
        <source>本人签名</source>
        <translation>Signature of the person</translation>
    </message>
    <message>
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <source>采集告知：为核实您本人身份（上门资格认证），需要比对您的指纹并拍摄现场照片。指纹和照片属于敏感个人信息，仅用于本次认证，加密保存并传送社保中心，按档案管理规定保管，不作他用。</source>
        <translation>Consent notice: to verify your identity (home-visit certification), we need to compare your fingerprint and take a photo of you now. Fingerprints and photos are sensitive personal information: they are used only for this certification, kept encrypted and sent to the social insurance centre, kept under the records rules and used for nothing else.</translation>
    </message>
    <message>
        <source>已告知，本人同意</source>
        <translation>Notice read, the person agrees</translation>
    </message>
    <message>
        <source>未告知</source>
        <translation>Notice not read</translation>
    </message>
    <message>
        <source>已告知并同意（{at}）</source>
        <translation>Notice read and agreed ({at})</translation>
    </message>
    <message>
        <source>认证通过（本人健在）</source>
        <translation>Certified (person alive)</translation>
    </message>
    <message>
        <source>未找到本人</source>
        <translation>Person not found</translation>
    </message>
    <message>
        <source>已死亡</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>已迁出</source>
        <translation>Moved away</translation>
    </message>
    <message>
        <source>拒绝认证</source>
        <translation>Refused certification</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>封存并保存(&amp;S)</source>
        <translation>&amp;Seal and save</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>上门时间</source>
        <translation>Visit time</translation>
    </message>
    <message>
        <source>认证结果</source>
        <translation>Certification result</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>立即同步(&amp;Y)</source>
        <translation>S&amp;ync now</translation>
    </message>
    <message>
        <source>&#x3000;电话 {phone}</source>
        <translation> · phone {phone}</translation>
    </message>
    <message>
        <source>同步未完成：{error}</source>
        <translation>Sync not finished: {error}</translation>
    </message>
    <message>
        <source>同步完成：已同步 {n} 条</source>
        <translation>Sync finished: {n} synced</translation>
    </message>
    <message>
        <source>；{n} 条被中心拒收（原因见待同步），被拒收的上门认证已回到名单，须重新上门认证</source>
        <translation>; {n} refused by the centre (reason under Outbox); a refused home visit is back on the roster and must be done again</translation>
    </message>
    <message>
        <source>上门认证</source>
        <translation>Home-visit certification</translation>
    </message>
    <message>
        <source>操作未完成</source>
        <translation>Operation not completed</translation>
    </message>
    <message numerus="yes">
        <source>名单 %n 人</source>
        <translation>
            <numerusform>List: %n person</numerusform>
            <numerusform>List: %n people</numerusform>
        </translation>
    </message>
    <message>
        <source>上门认证记录：待同步 {q}，已同步 {s}，被拒收 {r}</source>
        <translation>Home-visit certification records: pending sync {q}, synced {s}, rejected {r}</translation>
    </message>
    <message>
        <source>；{n} 条记录被改动（不会被中心接收）</source>
        <translation>; {n} record(s) altered (will not be accepted by the centre)</translation>
    </message>
    <message>
        <source>{name}（{id}）</source>
        <translation>{name} ({id})</translation>
    </message>
    <message>
        <source>有指纹模板</source>
        <translation>Fingerprint template on file</translation>
    </message>
    <message>
        <source>档案中没有指纹模板：请拍照并核对档案照片</source>
        <translation>No fingerprint template in the record: take a photo and check the person against the record photo</translation>
    </message>
    <message>
        <source>档案中没有指纹模板，也没有照片：不能认证通过</source>
        <translation>Neither a fingerprint template nor a photo in the record: the certification cannot pass</translation>
    </message>
    <message>
        <source>档案照片</source>
        <translation>Record photo</translation>
    </message>
    <message>
        <source>档案中没有照片</source>
        <translation>No photo in the record</translation>
    </message>
    <message>
        <source>档案照片无法显示</source>
        <translation>The record photo cannot be shown</translation>
    </message>
    <message>
        <source>正在读取档案照片…</source>
        <translation>Reading the record photo…</translation>
    </message>
    <message>
        <source>指纹未比对（原因见下方）</source>
        <translation>Fingerprint not compared (see the reason below)</translation>
    </message>
    <message>
        <source>退休人员</source>
        <translation>pensioner</translation>
    </message>
    <message>
        <source>已拉取名单：共 {n} 人</source>
        <translation>List pulled: {n} person(s) in total</translation>
    </message>
    <message>
        <source>正在拉取名单…</source>
        <translation>Pulling list…</translation>
    </message>
    <message>
        <source>{name}（{mode}）</source>
        <translation>{name} ({mode})</translation>
    </message>
    <message>
        <source>联网验证</source>
        <translation>verified online</translation>
    </message>
    <message>
        <source>离线验证</source>
        <translation>verified offline</translation>
    </message>
    <message>
        <source>已读卡：{id}</source>
        <translation>Card read: {id}</translation>
    </message>
    <message>
        <source>指纹比对一致</source>
        <translation>Fingerprint matched</translation>
    </message>
    <message>
        <source>指纹比对不一致</source>
        <translation>Fingerprint did not match</translation>
    </message>
    <message>
        <source>请按压手指…</source>
        <translation>Press a finger on the scanner…</translation>
    </message>
    <message>
        <source>已拍照（{n} KB）</source>
        <translation>Photo taken ({n} KB)</translation>
    </message>
    <message>
        <source>已签名（{how}）</source>
        <translation>Signed ({how})</translation>
    </message>
    <message>
        <source>签名板</source>
        <translation>signature pad</translation>
    </message>
    <message>
        <source>屏幕签名</source>
        <translation>on-screen signature</translation>
    </message>
    <message>
        <source>请先在名单中选择一人</source>
        <translation>Select a person in the list first</translation>
    </message>
    <message>
        <source>第二名工作人员须在本机登录</source>
        <translation>The second staff member must log in on this computer</translation>
    </message>
    <message>
        <source>已封存保存，联网后自动同步</source>
        <translation>Sealed and saved; will sync automatically once online</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>；已过期清除 {e}，已被取代清除 {x}</source>
        <translation>; expired and cleared {e}, superseded and cleared {x}</translation>
    </message>
    <message>
        <source>；另有 {n} 人的资料有误，未列入名单，请联系信息技术人员核对档案</source>
        <translation>; {n} more persons had unusable data and were left out: please ask IT staff to check their records</translation>
    </message>
    <message>
        <source>查找：姓名、证件号码、电话或地址(Ctrl+F)</source>
        <translation>Find: name, ID number, phone or address (Ctrl+F)</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Please choose</translation>
    </message>
    <message>
        <source>撤回未发送记录…</source>
        <translation>Withdraw an unsent visit…</translation>
    </message>
    <message>
        <source>名单 {total} 人，查找到 {found} 人</source>
        <translation>List: {total} people, {found} found</translation>
    </message>
    <message>
        <source>认证结果为「已死亡」：

{name}（{id}）
{address}

同步后社保中心将登记死亡报告，并暂停发放其养老待遇（待审批）。请确认是此人。同步前发现有误，可以撤回。</source>
        <translation>Certification result &quot;Deceased&quot;:

{name} ({id})
{address}

Once synced, the centre records a death report and suspends this person&apos;s pension (pending approval). Confirm that this is the person. A mistake found before the sync can be withdrawn.</translation>
    </message>
    <message>
        <source>没有可撤回的上门认证记录（只有本人记录、尚未发送到中心的记录可以撤回）</source>
        <translation>No home visit to withdraw (only visits you recorded that have not been sent to the centre can be withdrawn)</translation>
    </message>
    <message>
        <source>已撤回 {name}（{id}）的上门认证记录（{result}），不会发送到中心；此人已回到名单，可重新上门认证</source>
        <translation>The home visit of {name} ({id}) ({result}) was withdrawn and will not be sent to the centre; the person is back on the list and can be visited again</translation>
    </message>
</context>
<context>
    <name>FingerprintBridge</name>
    <message>
        <source>指纹操作失败</source>
        <translation>Fingerprint operation failed</translation>
    </message>
</context>
<context>
    <name>FingerprintPage</name>
    <message>
        <source>libfprint 指纹采集器（Linux）</source>
        <translation>libfprint fingerprint reader (Linux)</translation>
    </message>
    <message>
        <source>Windows 生物识别框架（WBF）</source>
        <translation>Windows Biometric Framework (WBF)</translation>
    </message>
    <message>
        <source>本窗口不采集指纹</source>
        <translation>No fingerprint capture at this window</translation>
    </message>
    <message>
        <source>演示（不是真实指纹）</source>
        <translation>Demo (not a real fingerprint)</translation>
    </message>
    <message>
        <source>指纹采集器（6.6.1.1.2.3 指纹采集）。本窗口不采集指纹时选“本窗口不采集指纹”。</source>
        <translation>Fingerprint scanner (6.6.1.1.2.3 Fingerprint capture). If this window does not capture fingerprints, choose “No fingerprint capture at this window”.</translation>
    </message>
    <message>
        <source>测试指纹采集器</source>
        <translation>Test fingerprint scanner</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>首次运行设置 — 社保窗口柜面客户端</source>
        <translation>First-run setup — Social Insurance Counter Client</translation>
    </message>
    <message>
        <source>跳过此步</source>
        <translation>Skip this step</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>中心服务</source>
        <translation>Central service</translation>
    </message>
    <message>
        <source>分局与窗口</source>
        <translation>Branch office and window</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>社保卡读卡器</source>
        <translation>Social security card reader</translation>
    </message>
    <message>
        <source>指纹采集器</source>
        <translation>Fingerprint reader</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
</context>
<context>
    <name>IdDevices</name>
    <message>
        <source>身份证阅读器：%1</source>
        <translation>ID card reader: %1</translation>
    </message>
    <message>
        <source>身份证阅读器就绪</source>
        <translation>ID card reader ready</translation>
    </message>
    <message>
        <source>已读身份证：%1 %2</source>
        <translation>ID card read: %1 %2</translation>
    </message>
    <message>
        <source>扫码枪：%1</source>
        <translation>Barcode scanner: %1</translation>
    </message>
    <message>
        <source>电子社保卡：正在联网核验……</source>
        <translation>Electronic social security card: verifying online…</translation>
    </message>
    <message>
        <source>扫码枪就绪（键盘方式）</source>
        <translation>Barcode scanner ready (keyboard mode)</translation>
    </message>
    <message>
        <source>扫码枪就绪</source>
        <translation>Barcode scanner ready</translation>
    </message>
    <message>
        <source>电子社保卡核验通过：%1 %2</source>
        <translation>Electronic social security card verified: %1 %2</translation>
    </message>
    <message>
        <source>电子社保卡：%1</source>
        <translation>Electronic social security card: %1</translation>
    </message>
</context>
<context>
    <name>IdentifierErrors</name>
    <message>
        <source>证件号码为空</source>
        <translation>The ID number is empty</translation>
    </message>
    <message>
        <source>长度错误：证件号码应为18位（旧版外国人永久居留证为15位），实际为%1位</source>
        <translation>Wrong length: an ID number has 18 characters (15 for the old foreign permanent residence card), this one has %1</translation>
    </message>
    <message>
        <source>第%1位字符%2无效：前17位应为数字</source>
        <translation>Character %1 (%2) is not valid: the first 17 must be digits</translation>
    </message>
    <message>
        <source>第18位字符%1无效：校验位应为数字或X</source>
        <translation>Character 18 (%1) is not valid: the check character must be a digit or X</translation>
    </message>
    <message>
        <source>%1出生日期无效：第7—14位“%2”年份%3不可能</source>
        <translation>%1: the birth date is not valid: characters 7–14 “%2” give the impossible year %3</translation>
    </message>
    <message>
        <source>%1出生日期无效：第7—14位“%2”中月份%3不存在</source>
        <translation>%1: the birth date is not valid: in characters 7–14 “%2” the month %3 does not exist</translation>
    </message>
    <message>
        <source>%1出生日期无效：第7—14位“%2”中%3年%4月没有%5日</source>
        <translation>%1: the birth date is not valid: in characters 7–14 “%2”, %3-%4 has no day %5</translation>
    </message>
    <message>
        <source>%1出生日期无效：第7—14位“%2”晚于今天</source>
        <translation>%1: the birth date is not valid: characters 7–14 “%2” are later than today</translation>
    </message>
    <message>
        <source>校验位错误：第18位应为“%1”，实际为“%2”</source>
        <translation>Wrong check character: character 18 should be “%1”, it is “%2”</translation>
    </message>
    <message>
        <source>第%1位字符%2无效：前3位应为字母</source>
        <translation>Character %1 (%2) is not valid: the first 3 must be letters</translation>
    </message>
    <message>
        <source>第%1位字符%2无效：第4—15位应为数字</source>
        <translation>Character %1 (%2) is not valid: characters 4–15 must be digits</translation>
    </message>
    <message>
        <source>统一社会信用代码为空</source>
        <translation>The unified social credit code is empty</translation>
    </message>
    <message>
        <source>长度错误：统一社会信用代码应为18位，实际为%1位</source>
        <translation>Wrong length: a unified social credit code has 18 characters, this one has %1</translation>
    </message>
    <message>
        <source>第%1位字符%2无效（不使用字母 I、O、Z、S、V）</source>
        <translation>Character %1 (%2) is not valid (the letters I, O, Z, S and V are not used)</translation>
    </message>
    <message>
        <source>第%1位字符%2无效（只允许数字和大写字母）</source>
        <translation>Character %1 (%2) is not valid (only digits and capital letters are allowed)</translation>
    </message>
    <message>
        <source>手机号码为空</source>
        <translation>The mobile number is empty</translation>
    </message>
    <message>
        <source>第%1位字符%2无效：手机号码应为数字</source>
        <translation>Character %1 (%2) is not valid: a mobile number is digits only</translation>
    </message>
    <message>
        <source>长度错误：手机号码应为11位，实际为%1位</source>
        <translation>Wrong length: a mobile number has 11 digits, this one has %1</translation>
    </message>
    <message>
        <source>号段错误：手机号码应以13—19开头，实际为“%1”</source>
        <translation>Wrong prefix: a mobile number starts with 13–19, this one with “%1”</translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <source>港澳居民居住证</source>
        <translation>Residence permit for Hong Kong and Macao residents</translation>
    </message>
    <message>
        <source>台湾居民居住证</source>
        <translation>Residence permit for Taiwan residents</translation>
    </message>
    <message>
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID card</translation>
    </message>
    <message>
        <source>空格</source>
        <translation>a space</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>屏幕已锁定</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <source>长时间无操作，屏幕已锁定。%1 请输入密码解锁。</source>
        <translation>The screen was locked after a period of inactivity. %1 Enter your password to unlock.</translation>
    </message>
    <message>
        <source>科长、管理员填写身份验证器上的 6 位数字</source>
        <translation>Section chiefs and administrators: enter the 6-digit code from the authenticator</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>动态验证码</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>正在验证……</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <source>解锁失败</source>
        <translation>Unlock failed</translation>
    </message>
</context>
<context>
    <name>LoginErrors</name>
    <message>
        <source>连续 %1 次密码错误，该%2在本机已锁定至 %3（北京时间），请稍后再试或联网%4。</source>
        <translation>%1 wrong passwords in a row: this %2 is now locked on this computer until %3 (Beijing time). Try again later, or %4 online.</translation>
    </message>
    <message>
        <source>中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对），不能联网登录。请信息技术人员核对中心服务地址（counter-app config show）。该账号从未在本机联网登录过，也不能离线登录。</source>
        <translation>The central service address is https, but the service at that address does not speak https (the address may need http:// instead, or the port is wrong), so you cannot sign in online. Ask IT staff to check the central service address (counter-app config show). This account has never signed in online on this computer, so it cannot sign in offline either.</translation>
    </message>
    <message>
        <source>中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对），不能联网登录。请信息技术人员核对中心服务地址（counter-app config show）。该账号从未在本机联网登录过，也不能离线登录。</source>
        <translation>The central service address is http, but the service at that address accepts only https (the address may need https:// instead, or the port is wrong), so you cannot sign in online. Ask IT staff to check the central service address (counter-app config show). This account has never signed in online on this computer, so it cannot sign in offline either.</translation>
    </message>
    <message>
        <source>请输入%1用户名和密码</source>
        <translation>Please enter the %1username and password</translation>
    </message>
    <message>
        <source>%1用户名太长（最多 %2 个字符），请核对</source>
        <translation>The %1username is too long (at most %2 characters); please check it</translation>
    </message>
    <message>
        <source>%1密码太长（最多 %2 个字符），请核对</source>
        <translation>The %1password is too long (at most %2 characters); please check it</translation>
    </message>
    <message>
        <source>%1用户名含有无法识别的字符，请重新输入</source>
        <translation>The %1username contains characters that cannot be read; please type it again</translation>
    </message>
    <message>
        <source>%1密码含有无法识别的字符（不是 UTF-8 文本），请重新输入</source>
        <translation>The %1password contains characters that cannot be read (not UTF-8 text); please type it again</translation>
    </message>
    <message>
        <source>动态验证码应为 6 位数字</source>
        <translation>The one-time code must be 6 digits</translation>
    </message>
    <message>
        <source>用户名或密码不正确</source>
        <translation>Wrong username or password</translation>
    </message>
    <message>
        <source>中心服务的证书未通过本机验证，不能联网登录；该账号从未在本机联网登录过，也不能离线登录。请信息技术人员在本机安装本单位的 CA 证书（见部署说明「TLS」一节）。</source>
        <translation>The central service&apos;s certificate was not accepted by this computer, so you cannot sign in online; this account has never signed in online on this computer, so it cannot sign in offline either. Ask IT staff to install the agency&apos;s CA certificate on this computer (see the TLS section of the deployment guide).</translation>
    </message>
    <message>
        <source>中心服务的答复无法识别（HTTP %1），不能联网登录：中心服务地址可能指向了别的网站或代理的登录页，或中心服务的版本与本机不符。请信息技术人员核对中心服务地址（counter-app config show）。该账号从未在本机联网登录过，也不能离线登录。</source>
        <translation>The central service&apos;s answer was not recognised (HTTP %1), so you cannot sign in online: the central service address may point to another website or a proxy&apos;s sign-in page, or the central service&apos;s version does not match this computer&apos;s. Ask IT staff to check the central service address (counter-app config show). This account has never signed in online on this computer, so it cannot sign in offline either.</translation>
    </message>
    <message>
        <source>无法连接中心服务，且该账号从未在本机联网登录过，不能离线登录。请检查网络后重试。</source>
        <translation>Cannot reach the central service, and this account has never signed in online on this computer, so it cannot sign in offline. Check the network and try again.</translation>
    </message>
    <message>
        <source>该账号已被中心停用，不能离线登录。</source>
        <translation>This account has been disabled by the central service and cannot sign in offline.</translation>
    </message>
    <message>
        <source>本机未开启离线登录。请检查网络后联网登录。</source>
        <translation>Offline sign-in is not enabled on this computer. Check the network and sign in online.</translation>
    </message>
    <message>
        <source>中心服务的答复无法识别（HTTP %1），不能联网登录：中心服务地址可能指向了别的网站或代理的登录页，或中心服务的版本与本机不符。请信息技术人员核对中心服务地址（counter-app config show）。</source>
        <translation>The central service&apos;s answer was not recognised (HTTP %1), so you cannot sign in online: the central service address may point to another website or a proxy&apos;s sign-in page, or the central service&apos;s version does not match this computer&apos;s. Ask IT staff to check the central service address (counter-app config show).</translation>
    </message>
    <message>
        <source>距上次联网登录已超过 %1 天，不能再离线登录。请联网登录。</source>
        <translation>More than %1 days have passed since the last online sign-in; offline sign-in is no longer allowed. Please sign in online.</translation>
    </message>
    <message>
        <source>连续 %1 次密码错误，账号在本机已锁定至 %2（北京时间），请稍后再试或联网登录。</source>
        <translation>Wrong password %1 times in a row: the account is locked on this computer until %2 (Beijing time). Try again later or sign in online.</translation>
    </message>
    <message>
        <source>本机保存的离线登录凭据无效或已被改动，不能离线登录。请联网登录一次。</source>
        <translation>The offline sign-in credentials saved on this computer are invalid or have been altered, so offline sign-in is not possible. Please sign in online once.</translation>
    </message>
    <message>
        <source>用户名或密码不正确（离线登录）</source>
        <translation>Wrong username or password (offline sign-in)</translation>
    </message>
    <message>
        <source>请输入动态验证码（身份验证器上的 6 位数字）</source>
        <translation>Please enter the one-time code (the 6 digits on the authenticator)</translation>
    </message>
    <message>
        <source>该账号使用动态验证码，本机还没有离线验证所需的密钥。请联网登录一次。</source>
        <translation>This account uses a one-time code, and this computer does not yet have the key needed to check it offline. Please sign in online once.</translation>
    </message>
    <message>
        <source>连续 %1 次验证失败，账号在本机已锁定至 %2（北京时间），请稍后再试或联网登录。</source>
        <translation>Verification failed %1 times in a row: the account is locked on this computer until %2 (Beijing time). Try again later or sign in online.</translation>
    </message>
    <message>
        <source>动态验证码不正确或已使用过（离线登录）</source>
        <translation>The one-time code is wrong or has already been used (offline sign-in)</translation>
    </message>
    <message>
        <source>无法连接中心服务，且该%1从未在本机联网登录过，不能离线%2。</source>
        <translation>Cannot reach the central service, and this %1 has never signed in online on this computer, so cannot %2 offline.</translation>
    </message>
    <message>
        <source>该%1距上次联网登录时间过长，不能离线%2。请联网后再%2。</source>
        <translation>This %1 last signed in online too long ago and cannot %2 offline. Please %2 once the network is back.</translation>
    </message>
    <message>
        <source>该%1在本机已锁定至 %2（北京时间），请稍后再试或联网%3。</source>
        <translation>This %1 is locked on this computer until %2 (Beijing time). Try again later, or %3 online.</translation>
    </message>
    <message>
        <source>本机保存的%1离线凭据无效或已被改动，不能离线%2。</source>
        <translation>The %1offline credentials saved on this computer are invalid or have been altered; cannot %2 offline.</translation>
    </message>
    <message>
        <source>%1用户名或密码不正确（离线）</source>
        <translation>Wrong %1username or password (offline)</translation>
    </message>
    <message>
        <source>动态验证码不正确或已使用过</source>
        <translation>The one-time code is wrong or has already been used</translation>
    </message>
    <message>
        <source>连续 %1 次密码错误，账号已锁定至 %2（北京时间）</source>
        <translation>Wrong password %1 times in a row: the account is locked until %2 (Beijing time)</translation>
    </message>
    <message>
        <source>该账号已停用</source>
        <translation>This account has been disabled</translation>
    </message>
    <message>
        <source>科长和管理员须使用动态验证码登录，该账号尚未开通</source>
        <translation>Section chiefs and administrators must sign in with a one-time code, and this account has not been set up for one yet</translation>
    </message>
    <message>
        <source>工作站 %1 未登记</source>
        <translation>Workstation %1 is not registered</translation>
    </message>
    <message>
        <source>工作站 %1 已停用</source>
        <translation>Workstation %1 has been retired</translation>
    </message>
    <message>
        <source>工作站 %1 属于分局 %2，本账号属于分局 %3</source>
        <translation>Workstation %1 belongs to branch %2; this account belongs to branch %3</translation>
    </message>
    <message>
        <source>审批人的</source>
        <translation>approver&apos;s </translation>
    </message>
    <message>
        <source>审批人</source>
        <translation>approver</translation>
    </message>
    <message>
        <source>用户</source>
        <translation>user</translation>
    </message>
    <message>
        <source>授权</source>
        <translation>authorise</translation>
    </message>
    <message>
        <source>验证</source>
        <translation>verify</translation>
    </message>
    <message>
        <source>没有可用的系统密钥环（%1），登录凭据无处安全保存。%2</source>
        <translation>No system keyring is available (%1): sign-in credentials cannot be kept safely. %2</translation>
    </message>
    <message>
        <source>当前密钥环后端 %1 以明文文件保存密码，不安全，已拒绝使用。%2另请删除环境变量 PYTHON_KEYRING_BACKEND 中的明文后端设置。</source>
        <translation>The keyring backend in use, %1, keeps passwords in a plain-text file: not safe, refused. %2 Also remove the plain-text backend from the environment variable PYTHON_KEYRING_BACKEND.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录社保窗口柜面系统</source>
        <translation>Log in to the Social Insurance Counter System</translation>
    </message>
    <message>
        <source>科长、管理员填写身份验证器上的 6 位数字</source>
        <translation>Section chiefs and administrators: enter the 6-digit code from the authenticator</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>动态验证码</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>正在登录……</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>登录失败</source>
        <translation>Login failed</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>锁屏时已关闭「%1」，未作任何决定；如仍需要，请重新打开</source>
        <translation>The screen lock closed “%1”; nothing was decided. Open it again if it is still needed.</translation>
    </message>
    <message>
        <source>本账号（%1）不办理窗口业务：受理、办理、办结和归档只由窗口经办人或科长办理（不相容岗位分离）。可在其他标签页查看办件、文书和审批。</source>
        <translation>This account (%1) does no counter business: only counter clerks and supervisors accept, handle, close and archive cases (separation of incompatible duties). The other tabs show cases, documents and approvals.</translation>
    </message>
    <message>
        <source>社保窗口柜面系统 — 职工基本养老保险</source>
        <translation>Social Insurance Counter System — Employee Basic Pension Insurance</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>刷新状态和当前列表</source>
        <translation>Refresh status and the list in front</translation>
    </message>
    <message>
        <source>注销登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>打印服务指南…</source>
        <translation>Print service guide…</translation>
    </message>
    <message>
        <source>服务指南已加入打印队列（%1 项业务，%2 页），打印任务 %3：%4</source>
        <translation>Service guide queued for printing (%1 services, %2 pages), print job %3: %4</translation>
    </message>
    <message>
        <source>服务指南未打印</source>
        <translation>Service guide not printed</translation>
    </message>
    <message>
        <source>客户显示屏</source>
        <translation>Customer screen</translation>
    </message>
    <message>
        <source>中文界面</source>
        <translation>Chinese (中文界面)</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>欢迎使用社保窗口柜面系统。请选择业务。</source>
        <translation>Welcome to the Social Insurance Counter System. Please choose a service.</translation>
    </message>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>设置已保存，重新启动后生效。</source>
        <translation>Settings saved; they take effect after a restart.</translation>
    </message>
    <message>
        <source>注销失败：%1</source>
        <translation>Sign-out failed: %1</translation>
    </message>
    <message>
        <source>（全文见窗口上方）</source>
        <translation>(full text shown at the top of the window)</translation>
    </message>
    <message>
        <source>已收到中心的 %1 件办件更新（审批决定、信息表）：%2，打开办件查看</source>
        <translation>%1 case update(s) received from the centre (supervisor decisions, transfer information sheets): %2. Open the case to see it</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source> 等</source>
        <translation> and more</translation>
    </message>
    <message>
        <source>尚有未同步的业务</source>
        <translation>Unsynced records remain</translation>
    </message>
    <message>
        <source>还有 %1 条业务未同步到中心。退出不会丢弃它们，下次联网时会继续同步。确定退出吗？</source>
        <translation>%1 record(s) have not been synced to the centre yet. Quitting will not discard them; syncing resumes the next time you are online. Quit anyway?</translation>
    </message>
    <message>
        <source>工作站 %1 已被中心停用：本机不能再以该编号办理业务（办理的业务无法同步到中心），已注销登录。请联系信息技术人员为本机登记新的工作站编号，改好配置后再登录。</source>
        <translation>Workstation %1 has been retired by the centre: no business can be done under this ID any more (it could never be synced to the centre), and you have been signed out. Ask IT to register a new workstation ID for this PC and update the configuration, then sign in again.</translation>
    </message>
    <message>
        <source>账号 %1 已被中心停用，已在本工作站注销：不能再以该账号办理业务（办理的业务中心不会接收）。请联系系统管理员；其他经办人请用自己的账号登录。</source>
        <translation>Account %1 has been disabled by the centre and was signed out on this workstation: no business can be done under it (the centre would not accept it). Contact the system administrator; other clerks sign in with their own accounts.</translation>
    </message>
    <message>
        <source>已注销登录</source>
        <translation>Signed out</translation>
    </message>
    <message>
        <source>中心拒收了 %1 件办件的现场授权：决定未生效，办件已恢复为中心的状态，已出具的决定书已作废，须向申请人收回（见办件和「待同步」）</source>
        <translation>The centre refused the on-site approval of %1 case(s): the decision did not take effect, the case is back in the state the centre holds, and any decision document issued is void and must be recalled from the applicant (see the case and Outbox)</translation>
    </message>
    <message>
        <source>中心拒收了办件 %1 的资格认证结果：认证未生效，认证结果告知单已作废，请联系本人收回告知单（见办件和「待同步」）</source>
        <translation>The centre refused the pension eligibility certification of case %1: the certification did not take effect and its certification result notice is void; contact the pensioner to recover the notice (see the case and Outbox)</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>关于…</source>
        <translation>About…</translation>
    </message>
    <message>
        <source>无法显示“关于”</source>
        <translation>Cannot show “About”</translation>
    </message>
    <message>
        <source>有 %1 件办件的资格认证结果被中心拒收，尚未确认：%2。认证未生效，认证结果告知单已作废，请联系本人收回告知单，然后在「办件」中选中该办件按 Ctrl+K 确认已知悉</source>
        <translation>The centre refused the pension eligibility certification of %1 case(s), not yet acknowledged: %2. The certification did not take effect and the certification result notice is void; contact the pensioner to recover the notice, then select the case under Cases and press Ctrl+K to acknowledge</translation>
    </message>
</context>
<context>
    <name>MaterialCapture</name>
    <message>
        <source>拍照（高拍仪）</source>
        <translation>Capture (document camera)</translation>
    </message>
    <message>
        <source>请先选中要拍照的材料</source>
        <translation>Select the material to capture first</translation>
    </message>
    <message>
        <source>正在拍照，请稍候</source>
        <translation>Capturing, please wait</translation>
    </message>
    <message>
        <source>办件已受理，材料不能再更改</source>
        <translation>The case has been accepted; materials can no longer be changed</translation>
    </message>
    <message>
        <source>本窗口未配置高拍仪（设置 camera.backend）</source>
        <translation>No document camera is configured at this counter (set camera.backend)</translation>
    </message>
    <message>
        <source>正在拍照……</source>
        <translation>Capturing…</translation>
    </message>
    <message>
        <source>%1×%2，%3 dpi，%4 KB</source>
        <translation>%1×%2, %3 dpi, %4 KB</translation>
    </message>
    <message>
        <source>；未识别到页面边缘，保留了整幅画面，请核对</source>
        <translation>; page edges not detected, the full frame was kept — please check</translation>
    </message>
    <message>
        <source>《%1》第%2页已拍照保存（%3）</source>
        <translation>“%1” page %2 captured and saved (%3)</translation>
    </message>
    <message>
        <source>《%1》第%2页已拍照（%3），受理审核时随办件保存</source>
        <translation>“%1” page %2 captured (%3); it will be saved with the case on acceptance review</translation>
    </message>
    <message>
        <source>拍照失败：%1</source>
        <translation>Capture failed: %1</translation>
    </message>
    <message>
        <source>拍照时的办件已不在屏幕上，《%1》的这一页未保存，请重新拍照</source>
        <translation>The case the page was captured for is no longer on screen; this page of “%1” was not saved — capture it again</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>关闭提示</source>
        <translation>Close notice</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>本机数据目录 %1 只读：所在的文件系统以只读方式挂载，柜面客户端无法写入数据。请信息技术人员将其重新挂载为可写（或换用可写的目录）后重试。</source>
        <translation>The data directory of this computer, %1, is read-only: its file system is mounted read-only, so the counter client cannot write its data. Ask IT staff to mount it writable again (or use a writable directory), then try again.</translation>
    </message>
    <message>
        <source>本机数据目录 %1 无法写入：当前用户没有该目录的写入权限。请信息技术人员检查该目录的属主和权限（应属于使用柜面客户端的用户）后重试。</source>
        <translation>The data directory of this computer, %1, cannot be written: the current user has no write permission on it. Ask IT staff to check the directory&apos;s owner and permissions (it should belong to the user who runs the counter client), then try again.</translation>
    </message>
    <message>
        <source>中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对）。请信息技术人员核对中心服务地址（counter-app config show）。</source>
        <translation>The central service address is https, but the service at that address does not speak https (the address may need http:// instead, or the port is wrong). Ask IT staff to check the central service address (counter-app config show).</translation>
    </message>
    <message>
        <source>中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对）。请信息技术人员核对中心服务地址（counter-app config show）。业务已保存在本机，地址改正后会自动同步。</source>
        <translation>The central service address is https, but the service at that address does not speak https (the address may need http:// instead, or the port is wrong). Ask IT staff to check the central service address (counter-app config show). The work is kept on this computer and will be synchronised automatically once the address is corrected.</translation>
    </message>
    <message>
        <source>中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对）。请信息技术人员核对中心服务地址（counter-app config show）。</source>
        <translation>The central service address is http, but the service at that address accepts only https (the address may need https:// instead, or the port is wrong). Ask IT staff to check the central service address (counter-app config show).</translation>
    </message>
    <message>
        <source>中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对）。请信息技术人员核对中心服务地址（counter-app config show）。业务已保存在本机，地址改正后会自动同步。</source>
        <translation>The central service address is http, but the service at that address accepts only https (the address may need https:// instead, or the port is wrong). Ask IT staff to check the central service address (counter-app config show). The work is kept on this computer and will be synchronised automatically once the address is corrected.</translation>
    </message>
    <message>
        <source>操作未能完成，出现意外错误（已记入日志）。请重试；仍不成功请联系信息技术人员。</source>
        <translation>The operation could not be completed: an unexpected error occurred (recorded in the log). Please try again; if it still fails, contact IT staff.</translation>
    </message>
    <message>
        <source>连接超时：对方没有及时响应，请稍后重试。</source>
        <translation>Connection timed out: the other side did not answer in time. Please try again later.</translation>
    </message>
    <message>
        <source>无法连接中心服务：中心服务未运行或网络不通。业务已保存在本机，联网后会自动同步。</source>
        <translation>Cannot connect to the central service: it is not running or the network is down. The work is saved on this computer and will sync automatically once online.</translation>
    </message>
    <message>
        <source>与中心服务的连接中断。业务已保存在本机，联网后会自动同步。</source>
        <translation>The connection to the central service was interrupted. The work is saved on this computer and will sync automatically once online.</translation>
    </message>
    <message>
        <source>本机数据库正忙，请稍后重试。</source>
        <translation>The local database is busy. Please try again shortly.</translation>
    </message>
    <message>
        <source>本机数据库读写失败，请联系信息技术人员。</source>
        <translation>Reading or writing the local database failed. Please contact IT staff.</translation>
    </message>
    <message>
        <source>没有权限访问所需的文件或设备，请联系信息技术人员。</source>
        <translation>No permission to access a required file or device. Please contact IT staff.</translation>
    </message>
    <message>
        <source>找不到所需的文件，请联系信息技术人员。</source>
        <translation>A required file was not found. Please contact IT staff.</translation>
    </message>
    <message>
        <source>磁盘空间已满，请联系信息技术人员清理。</source>
        <translation>The disk is full. Please ask IT staff to free up space.</translation>
    </message>
    <message>
        <source>设备或文件操作失败，请重试；仍不成功请联系信息技术人员。</source>
        <translation>A device or file operation failed. Please try again; if it still fails, contact IT staff.</translation>
    </message>
    <message>
        <source>连接中心服务超时：中心没有及时响应。</source>
        <translation>Connecting to the central service timed out: the centre did not answer in time.</translation>
    </message>
    <message>
        <source>无法连接中心服务：中心服务未运行或网络不通。</source>
        <translation>Cannot connect to the central service: it is not running or the network is down.</translation>
    </message>
    <message>
        <source>与中心服务的连接中断。</source>
        <translation>The connection to the central service was interrupted.</translation>
    </message>
    <message>
        <source>中心服务的证书未通过本机验证（证书不受信任、已过期或与地址不符）。请信息技术人员在本机安装本单位的 CA 证书（见部署说明「TLS」一节）。</source>
        <translation>The central service&apos;s certificate did not pass verification on this computer (untrusted, expired or not matching the address). Please ask IT staff to install the agency&apos;s CA certificate on this computer (see the deployment guide, section &quot;TLS&quot;).</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>OnSiteApprovalDialog</name>
    <message>
        <source>办件 %1&#x3000;经办人 %2&#x3000;提出于 %3（北京时间）</source>
        <translation>Case %1 · Clerk %2 · Requested %3 (Beijing time)</translation>
    </message>
    <message>
        <source>现场授权</source>
        <translation>On-site authorisation</translation>
    </message>
    <message>
        <source>已开通动态验证码的填写 6 位数字</source>
        <translation>If one-time codes are enabled, enter the 6-digit code</translation>
    </message>
    <message>
        <source>批准(&amp;Y)</source>
        <translation>Approve(&amp;Y)</translation>
    </message>
    <message>
        <source>驳回(&amp;N)</source>
        <translation>Reject(&amp;N)</translation>
    </message>
    <message>
        <source>由负责人本人输入用户名和密码；本次授权只对当前申请有效，经办人保持登录。</source>
        <translation>The authorising officer enters their own user name and password. This authorisation applies only to the current request; the clerk stays logged in.</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>审批人</source>
        <translation>Approver</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>动态验证码</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>审批意见</source>
        <translation>Approval comments</translation>
    </message>
    <message>
        <source>请输入审批人的用户名和密码</source>
        <translation>Enter the approver’s user name and password</translation>
    </message>
    <message>
        <source>请填写审批意见（理由）</source>
        <translation>Please enter approval comments (reason)</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>发送次数</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>中心答复</source>
        <translation>Centre reply</translation>
    </message>
    <message>
        <source>建议操作</source>
        <translation>Suggested action</translation>
    </message>
    <message>
        <source>更新时间</source>
        <translation>Updated</translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message>
        <source>上门认证申请</source>
        <translation>Home-visit request</translation>
    </message>
    <message>
        <source>申请日期</source>
        <translation>Request date</translation>
    </message>
    <message>
        <source>申请时间</source>
        <translation>Request time</translation>
    </message>
    <message>
        <source>参保人已死亡（文书致申请人）</source>
        <translation>Insured person deceased (documents addressed to the applicant)</translation>
    </message>
    <message>
        <source>公示异议与核查情况</source>
        <translation>Publicity objection and verification finding</translation>
    </message>
    <message>
        <source>待发送</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>发送中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>被拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>办件状态变更</source>
        <translation>Case status change</translation>
    </message>
    <message>
        <source>办理步骤</source>
        <translation>Processing step</translation>
    </message>
    <message>
        <source>办件登记到中心查重索引</source>
        <translation>Case registered in the centre's duplicate-check index</translation>
    </message>
    <message>
        <source>服务评价</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <source>出具文书</source>
        <translation>Document issued</translation>
    </message>
    <message>
        <source>补打文书</source>
        <translation>Document reprinted</translation>
    </message>
    <message>
        <source>办件备注</source>
        <translation>Case note</translation>
    </message>
    <message>
        <source>指纹采集</source>
        <translation>Fingerprint enrolment</translation>
    </message>
    <message>
        <source>指纹核验</source>
        <translation>Fingerprint verification</translation>
    </message>
    <message>
        <source>申请免采指纹</source>
        <translation>Fingerprint exemption request</translation>
    </message>
    <message>
        <source>免采指纹审批</source>
        <translation>Fingerprint exemption decision</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>电子档案上传</source>
        <translation>Electronic archive upload</translation>
    </message>
    <message>
        <source>上门认证记录</source>
        <translation>Home-visit certification record</translation>
    </message>
    <message>
        <source>受理条件人工认定</source>
        <translation>Acceptance condition decided by the clerk</translation>
    </message>
    <message>
        <source>步骤审批通过</source>
        <translation>Step approved</translation>
    </message>
    <message>
        <source>材料影像采集</source>
        <translation>Material image captured</translation>
    </message>
    <message>
        <source>删除材料影像</source>
        <translation>Material image removed</translation>
    </message>
    <message>
        <source>文书签名确认</source>
        <translation>Document signed</translation>
    </message>
    <message>
        <source>投诉登记</source>
        <translation>Complaint registered</translation>
    </message>
    <message>
        <source>投诉处理进展</source>
        <translation>Complaint progress</translation>
    </message>
    <message>
        <source>提请审批</source>
        <translation>Approval requested</translation>
    </message>
    <message>
        <source>审批决定</source>
        <translation>Approval decision</translation>
    </message>
    <message>
        <source>撤回审批申请</source>
        <translation>Approval request withdrawn</translation>
    </message>
    <message>
        <source>资格认证记录</source>
        <translation>Eligibility certification record</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>文书</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>档案</source>
        <translation>Archive record</translation>
    </message>
    <message>
        <source>上门认证</source>
        <translation>Home-visit certification</translation>
    </message>
    <message>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>资格认证</source>
        <translation>Eligibility certification</translation>
    </message>
    <message>
        <source>办件标识</source>
        <translation>Case ID</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>事项编码</source>
        <translation>Service code</translation>
    </message>
    <message>
        <source>事项目录版本</source>
        <translation>Catalog version</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>原状态</source>
        <translation>From state</translation>
    </message>
    <message>
        <source>新状态</source>
        <translation>To state</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>审批事项</source>
        <translation>Approval point</translation>
    </message>
    <message>
        <source>审批人</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>出具时间</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>评价分值</source>
        <translation>Rating score</translation>
    </message>
    <message>
        <source>评价意见</source>
        <translation>Rating comment</translation>
    </message>
    <message>
        <source>文书标识</source>
        <translation>Document ID</translation>
    </message>
    <message>
        <source>种类</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>打印任务</source>
        <translation>Print job</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>数据</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>文书内容</source>
        <translation>Document content</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>办理结果反馈</source>
        <translation>Result feedback</translation>
    </message>
    <message>
        <source>手机号码</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <source>联系地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Employer name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>需补正材料</source>
        <translation>Materials to supply or correct</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>存在问题</source>
        <translation>Problem found</translation>
    </message>
    <message>
        <source>需补齐补正的内容及携带要求</source>
        <translation>What to supply or correct, and what to bring</translation>
    </message>
    <message>
        <source>行政复议机关</source>
        <translation>Administrative review body</translation>
    </message>
    <message>
        <source>人民法院</source>
        <translation>People's court</translation>
    </message>
    <message>
        <source>计量单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>审核结果</source>
        <translation>Review result</translation>
    </message>
    <message>
        <source>经办机构</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>导出待同步队列</source>
        <translation>Export outbox</translation>
    </message>
    <message>
        <source>待同步队列导出文件 (*.jsonl);;所有文件 (*)</source>
        <translation>Outbox export file (*.jsonl);;All files (*)</translation>
    </message>
    <message>
        <source>待同步</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>状态(&amp;T)：</source>
        <translation>Sta&amp;tus:</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>显示本机全部经办人</source>
        <translation>Show all clerks on this computer</translation>
    </message>
    <message>
        <source>重试选中</source>
        <translation>Retry selected</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>导出队列…</source>
        <translation>Export queue…</translation>
    </message>
    <message>
        <source>按状态筛选</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <source>只看被拒绝的</source>
        <translation>Rejected only</translation>
    </message>
    <message>
        <source>选中一条记录查看内容（个人信息已遮蔽）</source>
        <translation>Select a record to view its content (personal data masked)</translation>
    </message>
    <message>
        <source>待同步队列读取失败</source>
        <translation>Could not load the outbox</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>读取记录内容失败</source>
        <translation>Could not load the record</translation>
    </message>
    <message>
        <source>内容：%1</source>
        <translation>Content: %1</translation>
    </message>
    <message>
        <source>办件编号：%1</source>
        <translation>Case no.: %1</translation>
    </message>
    <message>
        <source>状态：%1（已发送 %2 次）</source>
        <translation>Status: %1 (sent %2 times)</translation>
    </message>
    <message>
        <source>中心答复：%1</source>
        <translation>Central service reply: %1</translation>
    </message>
    <message>
        <source>建议操作：%1</source>
        <translation>Suggested action: %1</translation>
    </message>
    <message>
        <source>上次发送：%1</source>
        <translation>Last attempt: %1</translation>
    </message>
    <message>
        <source>生成时间：%1&#x3000;更新时间：%2</source>
        <translation>Created: %1 · Updated: %2</translation>
    </message>
    <message>
        <source>经办人：%1&#x3000;记录编号：%2</source>
        <translation>Clerk: %1 · Record ID: %2</translation>
    </message>
    <message>
        <source>记录内容（个人信息已遮蔽）：</source>
        <translation>Record content (personal data masked):</translation>
    </message>
    <message>
        <source>请选择尚未同步的记录</source>
        <translation>Select records that have not been synced</translation>
    </message>
    <message>
        <source>已重新排队 %1 条，将在下次同步时发送</source>
        <translation>%1 record(s) re-queued; they will be sent at the next sync</translation>
    </message>
    <message>
        <source>重试失败</source>
        <translation>Retry failed</translation>
    </message>
    <message>
        <source>正在同步，请稍候</source>
        <translation>Syncing, please wait</translation>
    </message>
    <message>
        <source>尚未联网登录中心服务，请先登录后再同步</source>
        <translation>Not logged in to the central service; log in online before syncing</translation>
    </message>
    <message>
        <source>同步未完成：%1</source>
        <translation>Sync incomplete: %1</translation>
    </message>
    <message>
        <source>同步完成：已同步 %1 条，被拒绝 %2 条，冲突 %3 条</source>
        <translation>Sync finished: %1 synced, %2 rejected, %3 conflicts</translation>
    </message>
    <message>
        <source>；中心未答复其中 %1 条，下次再发</source>
        <translation>; the centre did not answer %1 of them, they go again next time</translation>
    </message>
    <message>
        <source>同步失败</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <source>已导出 %1 条待同步记录到 %2</source>
        <translation>Exported %1 outbox record(s) to %2</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>校验值</source>
        <translation>Checksum</translation>
    </message>
    <message>
        <source>步骤类型</source>
        <translation>Step kind</translation>
    </message>
    <message>
        <source>申请人类型</source>
        <translation>Applicant type</translation>
    </message>
    <message>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <source>代办人姓名</source>
        <translation>Agent's name</translation>
    </message>
    <message>
        <source>代办人证件号码</source>
        <translation>Agent's ID number</translation>
    </message>
    <message>
        <source>申请人类型名称</source>
        <translation>Applicant type (as printed)</translation>
    </message>
    <message>
        <source>材料名称</source>
        <translation>Material name</translation>
    </message>
    <message>
        <source>经办机构代码</source>
        <translation>Office code</translation>
    </message>
    <message>
        <source>工作站</source>
        <translation>Workstation</translation>
    </message>
    <message>
        <source>办理依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>标识</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>年月</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>加密方式</source>
        <translation>Encryption</translation>
    </message>
    <message>
        <source>采集设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>参保档案查询时间</source>
        <translation>Insurance record as of</translation>
    </message>
    <message>
        <source>参保档案查询情况</source>
        <translation>Insurance record lookup</translation>
    </message>
    <message>
        <source>办理情形</source>
        <translation>Circumstances</translation>
    </message>
    <message>
        <source>材料核对</source>
        <translation>Materials checked</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>受理条件</source>
        <translation>Acceptance conditions</translation>
    </message>
    <message>
        <source>条件</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>条件内容</source>
        <translation>Condition text</translation>
    </message>
    <message>
        <source>核验说明</source>
        <translation>Check note</translation>
    </message>
    <message>
        <source>核验方式</source>
        <translation>Checked by</translation>
    </message>
    <message>
        <source>事实</source>
        <translation>Facts</translation>
    </message>
    <message>
        <source>经办人改判</source>
        <translation>Clerk's override</translation>
    </message>
    <message>
        <source>系统核验结果</source>
        <translation>System check result</translation>
    </message>
    <message>
        <source>经办人认定结果</source>
        <translation>Clerk's finding</translation>
    </message>
    <message>
        <source>需补齐补正材料</source>
        <translation>Materials to supplement or correct</translation>
    </message>
    <message>
        <source>待确认的受理条件</source>
        <translation>Conditions to confirm</translation>
    </message>
    <message>
        <source>须按业务指引办理的受理条件</source>
        <translation>Conditions to be dealt with first as guided</translation>
    </message>
    <message>
        <source>不符合的受理条件</source>
        <translation>Conditions not met</translation>
    </message>
    <message>
        <source>最低缴费月数</source>
        <translation>Minimum contribution months</translation>
    </message>
    <message>
        <source>法定退休年龄</source>
        <translation>Statutory retirement age</translation>
    </message>
    <message>
        <source>退休年月</source>
        <translation>Retirement month</translation>
    </message>
    <message>
        <source>基本养老金</source>
        <translation>Basic pension</translation>
    </message>
    <message>
        <source>病残津贴</source>
        <translation>Disability allowance</translation>
    </message>
    <message>
        <source>丧葬补助金、抚恤金</source>
        <translation>Funeral grant and survivor benefit</translation>
    </message>
    <message>
        <source>个人账户</source>
        <translation>Personal account</translation>
    </message>
    <message>
        <source>缴费</source>
        <translation>Contributions</translation>
    </message>
    <message>
        <source>转移接续</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>视同缴费年限</source>
        <translation>Deemed contribution years</translation>
    </message>
    <message>
        <source>公示</source>
        <translation>Public notice</translation>
    </message>
    <message>
        <source>明细</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>缴费基数</source>
        <translation>Contribution base</translation>
    </message>
    <message>
        <source>单位缴费</source>
        <translation>Employer contribution</translation>
    </message>
    <message>
        <source>个人缴费</source>
        <translation>Individual contribution</translation>
    </message>
    <message>
        <source>月数</source>
        <translation>Months</translation>
    </message>
    <message>
        <source>合计月数</source>
        <translation>Total months</translation>
    </message>
    <message>
        <source>视同缴费期间</source>
        <translation>Deemed periods</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>送达地址</source>
        <translation>Delivery address</translation>
    </message>
    <message>
        <source>个人编号</source>
        <translation>Personal number</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>个人账户余额</source>
        <translation>Personal account balance</translation>
    </message>
    <message>
        <source>缴费期个人账户储存额</source>
        <translation>Personal account balance at the end of contributions</translation>
    </message>
    <message>
        <source>待遇领取年月</source>
        <translation>Drawing since</translation>
    </message>
    <message>
        <source>累计支付额</source>
        <translation>Total paid</translation>
    </message>
    <message>
        <source>个人账户养老金支付记录</source>
        <translation>Personal account pension payments</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>计发参数</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>参数</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>起效日期</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <source>计发办法</source>
        <translation>Computation rule</translation>
    </message>
    <message>
        <source>特殊工种</source>
        <translation>Special work type</translation>
    </message>
    <message>
        <source>从事年限</source>
        <translation>Years in the work</translation>
    </message>
    <message>
        <source>异议内容</source>
        <translation>Objection</translation>
    </message>
    <message>
        <source>核查情况</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>公示发布人</source>
        <translation>Notice posted by</translation>
    </message>
    <message>
        <source>指纹模板</source>
        <translation>Fingerprint template</translation>
    </message>
    <message>
        <source>信息表</source>
        <translation>Information sheet</translation>
    </message>
    <message>
        <source>信息表编号</source>
        <translation>Information sheet no.</translation>
    </message>
    <message>
        <source>转入地社保经办机构</source>
        <translation>Receiving agency</translation>
    </message>
    <message>
        <source>传送途径</source>
        <translation>Sent via</translation>
    </message>
    <message>
        <source>转移方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>参保起始年月</source>
        <translation>Insured from</translation>
    </message>
    <message>
        <source>参保截止年月</source>
        <translation>Insured to</translation>
    </message>
    <message>
        <source>实际缴费月数</source>
        <translation>Months contributed</translation>
    </message>
    <message>
        <source>个人账户储存额</source>
        <translation>Personal account balance</translation>
    </message>
    <message>
        <source>统筹基金转移额</source>
        <translation>Pooled fund transferred</translation>
    </message>
    <message>
        <source>单位缴费划入统筹</source>
        <translation>Employer share to the pooled fund</translation>
    </message>
    <message>
        <source>开户名称</source>
        <translation>Account name</translation>
    </message>
    <message>
        <source>开户银行</source>
        <translation>Bank</translation>
    </message>
    <message>
        <source>银行账号</source>
        <translation>Bank account</translation>
    </message>
    <message>
        <source>邮政编码</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>认证日期</source>
        <translation>Certified on</translation>
    </message>
    <message>
        <source>认证渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>认证渠道名称</source>
        <translation>Channel (as printed)</translation>
    </message>
    <message>
        <source>认证方式名称</source>
        <translation>Method (as printed)</translation>
    </message>
    <message>
        <source>认证有效期至</source>
        <translation>Certification valid until</translation>
    </message>
    <message>
        <source>原认证有效期至</source>
        <translation>Previously valid until</translation>
    </message>
    <message>
        <source>暂停发放原因</source>
        <translation>Suspension reason</translation>
    </message>
    <message>
        <source>恢复发放</source>
        <translation>Payment resumed</translation>
    </message>
    <message>
        <source>补发月份</source>
        <translation>Back-pay months</translation>
    </message>
    <message>
        <source>申请内容</source>
        <translation>Request details</translation>
    </message>
    <message>
        <source>审批依据</source>
        <translation>Terms weighed</translation>
    </message>
    <message>
        <source>核定类别</source>
        <translation>Benefit</translation>
    </message>
    <message>
        <source>提出时间</source>
        <translation>Requested at</translation>
    </message>
    <message>
        <source>提出人</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>须审批级别</source>
        <translation>Approval level</translation>
    </message>
    <message>
        <source>申请内容校验值</source>
        <translation>Request checksum</translation>
    </message>
    <message>
        <source>决定时间</source>
        <translation>Decided at</translation>
    </message>
    <message>
        <source>审批方式</source>
        <translation>How decided</translation>
    </message>
    <message>
        <source>审批凭证</source>
        <translation>Approval proof</translation>
    </message>
    <message>
        <source>档号</source>
        <translation>Archive no.</translation>
    </message>
    <message>
        <source>档案类别</source>
        <translation>Archive category</translation>
    </message>
    <message>
        <source>归档日期</source>
        <translation>Filed on</translation>
    </message>
    <message>
        <source>保管期限</source>
        <translation>Retention period</translation>
    </message>
    <message>
        <source>材料影像</source>
        <translation>Material images</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>材料形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>元数据校验值</source>
        <translation>Metadata checksum</translation>
    </message>
    <message>
        <source>档案包文件校验值</source>
        <translation>Package file checksums</translation>
    </message>
    <message>
        <source>存放位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>上一版校验值</source>
        <translation>Previous version checksum</translation>
    </message>
    <message>
        <source>审计记录</source>
        <translation>Audit records</translation>
    </message>
    <message>
        <source>办理过程</source>
        <translation>Case history</translation>
    </message>
    <message>
        <source>字节数</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>分辨率（DPI）</source>
        <translation>Resolution (DPI)</translation>
    </message>
    <message>
        <source>页码</source>
        <translation>Page</translation>
    </message>
    <message>
        <source>宽度（像素）</source>
        <translation>Width (pixels)</translation>
    </message>
    <message>
        <source>高度（像素）</source>
        <translation>Height (pixels)</translation>
    </message>
    <message>
        <source>影像标识</source>
        <translation>Image ID</translation>
    </message>
    <message>
        <source>签名标识</source>
        <translation>Signature ID</translation>
    </message>
    <message>
        <source>替换原签名</source>
        <translation>Replaced a signature</translation>
    </message>
    <message>
        <source>手指</source>
        <translation>Finger</translation>
    </message>
    <message>
        <source>保留指纹图像</source>
        <translation>Image kept</translation>
    </message>
    <message>
        <source>特征点数</source>
        <translation>Minutiae</translation>
    </message>
    <message>
        <source>质量</source>
        <translation>Quality</translation>
    </message>
    <message>
        <source>按压次数</source>
        <translation>Presses</translation>
    </message>
    <message>
        <source>模板校验值</source>
        <translation>Template checksum</translation>
    </message>
    <message>
        <source>指纹模板标识</source>
        <translation>Template ID</translation>
    </message>
    <message>
        <source>免采申请标识</source>
        <translation>Exemption ID</translation>
    </message>
    <message>
        <source>审批主管</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>比对一致</source>
        <translation>Matched</translation>
    </message>
    <message>
        <source>用途</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>核验标识</source>
        <translation>Verification ID</translation>
    </message>
    <message>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>认证记录标识</source>
        <translation>Visit ID</translation>
    </message>
    <message>
        <source>上门时间</source>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>任务标识</source>
        <translation>Assignment ID</translation>
    </message>
    <message>
        <source>申请标识</source>
        <translation>Request ID</translation>
    </message>
    <message>
        <source>住址已核实</source>
        <translation>Address confirmed</translation>
    </message>
    <message>
        <source>身份核验</source>
        <translation>Identity check</translation>
    </message>
    <message>
        <source>已读取社保卡芯片</source>
        <translation>Social security card chip read</translation>
    </message>
    <message>
        <source>社保卡与名单人员一致</source>
        <translation>Social security card matches the person on the roster</translation>
    </message>
    <message>
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>已比对照片</source>
        <translation>Photo compared</translation>
    </message>
    <message>
        <source>采集告知与同意</source>
        <translation>Consent notice and consent</translation>
    </message>
    <message>
        <source>本人同意采集指纹和照片</source>
        <translation>The person agreed to the fingerprint and the photo</translation>
    </message>
    <message>
        <source>告知书版本</source>
        <translation>Notice version</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>签名图像</source>
        <translation>Signature image</translation>
    </message>
    <message>
        <source>认证人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>第二名人员验证方式</source>
        <translation>Second staff member's sign-in</translation>
    </message>
    <message>
        <source>防篡改签章</source>
        <translation>Seal</translation>
    </message>
    <message>
        <source>算法</source>
        <translation>Algorithm</translation>
    </message>
    <message>
        <source>密钥标识</source>
        <translation>Key ID</translation>
    </message>
    <message>
        <source>SM3 校验值</source>
        <translation>SM3 checksum</translation>
    </message>
    <message>
        <source>源数据校验值</source>
        <translation>Source checksums</translation>
    </message>
    <message>
        <source>改判理由</source>
        <translation>Reason for the override</translation>
    </message>
    <message>
        <source>认证结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>签名方式</source>
        <translation>Signature method</translation>
    </message>
    <message>
        <source>指纹比对</source>
        <translation>Fingerprint check</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>批准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>驳回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>待主管审批</source>
        <translation>Awaiting a supervisor</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>归档内容</source>
        <translation>Filed items</translation>
    </message>
    <message>
        <source>联网查询</source>
        <translation>Looked up online</translation>
    </message>
    <message>
        <source>本机缓存（离线）</source>
        <translation>Cached on this workstation (offline)</translation>
    </message>
    <message>
        <source>离线且无缓存</source>
        <translation>Offline, nothing cached</translation>
    </message>
    <message>
        <source>未查询</source>
        <translation>Not looked up</translation>
    </message>
    <message>
        <source>办理</source>
        <translation>Processing</translation>
    </message>
    <message>
        <source>审核申请材料</source>
        <translation>Review of the application materials</translation>
    </message>
    <message>
        <source>采集指纹</source>
        <translation>Fingerprint capture</translation>
    </message>
    <message>
        <source>公示异议核查</source>
        <translation>Check of an objection to the public notice</translation>
    </message>
    <message>
        <source>生成联系函</source>
        <translation>Contact letter generated</translation>
    </message>
    <message>
        <source>传送联系函</source>
        <translation>Contact letter sent</translation>
    </message>
    <message>
        <source>等待信息表</source>
        <translation>Waiting for the information sheet</translation>
    </message>
    <message>
        <source>收到信息表</source>
        <translation>Information sheet received</translation>
    </message>
    <message>
        <source>审核信息表</source>
        <translation>Information sheet reviewed</translation>
    </message>
    <message>
        <source>生成信息表</source>
        <translation>Information sheet generated</translation>
    </message>
    <message>
        <source>传送信息表</source>
        <translation>Information sheet sent</translation>
    </message>
    <message>
        <source>基金划转</source>
        <translation>Fund transfer</translation>
    </message>
    <message>
        <source>终止本地养老保险关系</source>
        <translation>Local pension insurance ended</translation>
    </message>
    <message>
        <source>接续养老保险关系</source>
        <translation>Pension insurance continued</translation>
    </message>
    <message>
        <source>登记送达方式</source>
        <translation>Delivery method recorded</translation>
    </message>
    <message>
        <source>送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>推送社会保险费征收机构</source>
        <translation>Sent to the contribution collection agency</translation>
    </message>
    <message>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>因病死亡</source>
        <translation>Death from illness</translation>
    </message>
    <message>
        <source>非因工死亡</source>
        <translation>Death not from a work injury</translation>
    </message>
    <message>
        <source>因工死亡</source>
        <translation>Death from a work injury</translation>
    </message>
    <message>
        <source>转入</source>
        <translation>Transfer in</translation>
    </message>
    <message>
        <source>转出</source>
        <translation>Transfer out</translation>
    </message>
    <message>
        <source>缴费期</source>
        <translation>Contribution period</translation>
    </message>
    <message>
        <source>待遇领取期</source>
        <translation>Benefit drawing period</translation>
    </message>
    <message>
        <source>比对不一致</source>
        <translation>Did not match</translation>
    </message>
    <message>
        <source>无指纹模板</source>
        <translation>No fingerprint template</translation>
    </message>
    <message>
        <source>未比对</source>
        <translation>Not compared</translation>
    </message>
    <message>
        <source>联网验证</source>
        <translation>Verified online</translation>
    </message>
    <message>
        <source>离线验证</source>
        <translation>Verified offline</translation>
    </message>
    <message>
        <source>现场授权</source>
        <translation>On site</translation>
    </message>
    <message>
        <source>集中授权</source>
        <translation>From the approval queue</translation>
    </message>
    <message>
        <source>演示采集器</source>
        <translation>Demo device</translation>
    </message>
    <message>
        <source>签名板</source>
        <translation>Signature pad</translation>
    </message>
    <message>
        <source>屏幕签名</source>
        <translation>On-screen signature</translation>
    </message>
    <message>
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <source>窗口认证</source>
        <translation>At the counter</translation>
    </message>
    <message>
        <source>照片比对（经办人确认）</source>
        <translation>Photo comparison (confirmed by the clerk)</translation>
    </message>
    <message>
        <source>资格认证过期</source>
        <translation>Certification lapsed</translation>
    </message>
    <message>
        <source>服刑</source>
        <translation>Serving a prison sentence</translation>
    </message>
    <message>
        <source>上门认证报告已死亡</source>
        <translation>Reported dead at a home visit</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>已核实</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>已整改</source>
        <translation>Fixed</translation>
    </message>
    <message>
        <source>已反馈</source>
        <translation>Reported back</translation>
    </message>
    <message>
        <source>已回访（办结）</source>
        <translation>Followed up (closed)</translation>
    </message>
    <message>
        <source>邮寄送达</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>窗口自取</source>
        <translation>Collected at the counter</translation>
    </message>
    <message>
        <source>右手拇指</source>
        <translation>Right thumb</translation>
    </message>
    <message>
        <source>右手食指</source>
        <translation>Right index finger</translation>
    </message>
    <message>
        <source>右手中指</source>
        <translation>Right middle finger</translation>
    </message>
    <message>
        <source>右手无名指</source>
        <translation>Right ring finger</translation>
    </message>
    <message>
        <source>右手小指</source>
        <translation>Right little finger</translation>
    </message>
    <message>
        <source>左手拇指</source>
        <translation>Left thumb</translation>
    </message>
    <message>
        <source>左手食指</source>
        <translation>Left index finger</translation>
    </message>
    <message>
        <source>左手中指</source>
        <translation>Left middle finger</translation>
    </message>
    <message>
        <source>左手无名指</source>
        <translation>Left ring finger</translation>
    </message>
    <message>
        <source>左手小指</source>
        <translation>Left little finger</translation>
    </message>
    <message>
        <source>男职工</source>
        <translation>Male employee</translation>
    </message>
    <message>
        <source>女职工（原55周岁）</source>
        <translation>Female employee (formerly 55)</translation>
    </message>
    <message>
        <source>女职工（原50周岁）</source>
        <translation>Female employee (formerly 50)</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>（图像，约 %1 字节，不显示）</source>
        <translation>(image, about %1 bytes, not shown)</translation>
    </message>
    <message>
        <source>材料当场退回</source>
        <translation>Materials returned on the spot</translation>
    </message>
    <message>
        <source>已过期清除</source>
        <translation>Expired and cleared</translation>
    </message>
    <message>
        <source>已被取代清除</source>
        <translation>Superseded and cleared</translation>
    </message>
    <message>
        <source>已清除个人信息的上门认证</source>
        <translation>Home-visit certification, personal data cleared</translation>
    </message>
    <message>
        <source>证件号码（遮蔽）</source>
        <translation>ID number (masked)</translation>
    </message>
    <message>
        <source>清除原因</source>
        <translation>Why cleared</translation>
    </message>
    <message>
        <source>人员标识（摘要）</source>
        <translation>Person reference (digest)</translation>
    </message>
    <message>
        <source>取代本条的认证记录</source>
        <translation>Superseded by visit record</translation>
    </message>
    <message>
        <source>已同步且名单期满</source>
        <translation>Synced and its roster period over</translation>
    </message>
    <message>
        <source>已按中心处理：这次现场授权未生效，审批申请已恢复为待审批，可由负责人重新审批</source>
        <translation>Reconciled with the centre: this on-site approval did not take effect; the approval request is pending again and a supervisor may decide it again</translation>
    </message>
    <message>
        <source>办件已恢复为中心所存的状态「%1」</source>
        <translation>The case is back in the state the centre holds: %1</translation>
    </message>
    <message>
        <source>按该决定出具的决定书（文号 %1）已作废，须向申请人收回；不要重试这条记录</source>
        <translation>The decision document issued under it (No. %1) is void and must be recalled from the applicant; do not retry this entry</translation>
    </message>
    <message>
        <source>已按中心处理：资格认证未生效，办件 %1 的认证步骤已记为未能完成</source>
        <translation>Handled as the centre decided: the certification did not take effect; the certification step of case %1 is recorded as not completed</translation>
    </message>
    <message>
        <source>认证结果告知单（文号 %1）已作废，须向本人收回告知单；不要重试这条记录</source>
        <translation>The certification result notice (No. %1) is void and must be recovered from the pensioner; do not retry this entry</translation>
    </message>
    <message>
        <source>未编号</source>
        <translation>unnumbered</translation>
    </message>
    <message>
        <source>不要重试这条记录：请负责人重新审批</source>
        <translation>Do not retry this entry: ask a supervisor to decide again</translation>
    </message>
    <message>
        <source>负责人在撤回送达中心之前已作出决定：决定未自动执行，请在办件中确认（Ctrl+Shift+W）执行该决定或维持撤回；维持撤回后如仍需办理，须重新提出审批申请，请负责人再次审批</source>
        <translation>A supervisor decided before the withdrawal reached the centre: the decision was not carried out. Confirm in the case (Ctrl+Shift+W) whether to carry it out or keep the withdrawal; after keeping the withdrawal, doing this later needs a new approval request, decided by a supervisor again</translation>
    </message>
    <message>
        <source>办理时限依据</source>
        <translation>Basis of the time limit</translation>
    </message>
    <message>
        <source>即时办结</source>
        <translation>Completed on the spot</translation>
    </message>
    <message>
        <source>送达办理结果</source>
        <translation>Result served</translation>
    </message>
</context>
<context>
    <name>PrintJobsModel</name>
    <message>
        <source>任务</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>（未配置）</source>
        <translation>(not configured)</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>打印告知书的打印机。可打印一张测试页检查中文和版面。</source>
        <translation>Printer for notices. You can print a test page to check the Chinese text and layout.</translation>
    </message>
    <message>
        <source>系统默认打印机</source>
        <translation>System default printer</translation>
    </message>
    <message>
        <source>打印测试页</source>
        <translation>Print test page</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>系统默认打印机（{0}）</source>
        <translation>System default printer ({0})</translation>
    </message>
    <message>
        <source>没有可用的打印机：请先在系统中添加打印机。</source>
        <translation>No printer available: add a printer in the system first.</translation>
    </message>
</context>
<context>
    <name>RecordLookup</name>
    <message>
        <source>参保档案：联网查询</source>
        <translation>Insurance record: online lookup</translation>
    </message>
    <message>
        <source>参保档案：离线且无缓存，相关受理条件待核验（离线）</source>
        <translation>Insurance record: offline with no cache; related acceptance conditions pending verification (offline)</translation>
    </message>
    <message>
        <source>参保档案查询出错，请重试</source>
        <translation>Insurance record lookup failed; please try again</translation>
    </message>
</context>
<context>
    <name>ReviewsModel</name>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>审核事项（条款）</source>
        <translation>Review item (clause)</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>初审意见</source>
        <translation>First review comments</translation>
    </message>
    <message>
        <source>初审人</source>
        <translation>First reviewer</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <source>认证到期</source>
        <translation>Certification due</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>最近认证</source>
        <translation>Last certified</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Lapsed</translation>
    </message>
    <message>
        <source>无认证记录</source>
        <translation>Never certified</translation>
    </message>
    <message>
        <source>申请上门</source>
        <translation>Home visit requested</translation>
    </message>
</context>
<context>
    <name>SecondStaffDialog</name>
    <message>
        <source>第二名工作人员</source>
        <translation>Second staff member</translation>
    </message>
    <message>
        <source>由第二名工作人员本人输入用户名和密码；只对本次上门认证有效。</source>
        <translation>The second staff member enters their own user name and password; valid only for this home-visit certification.</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>动态验证码</source>
        <translation>One-time code</translation>
    </message>
</context>
<context>
    <name>ServicePicker</name>
    <message>
        <source>登记服务</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>缴费核定</source>
        <translation>Contribution assessment</translation>
    </message>
    <message>
        <source>个人账户</source>
        <translation>Personal account</translation>
    </message>
    <message>
        <source>关系转移接续</source>
        <translation>Transfer of insurance relationship</translation>
    </message>
    <message>
        <source>历史信息审核</source>
        <translation>History review</translation>
    </message>
    <message>
        <source>待遇核定</source>
        <translation>Benefit approval</translation>
    </message>
    <message>
        <source>最近使用</source>
        <translation>Recently used</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>%1 · 拼音首字母 %2 · 条款 %3</source>
        <translation>%1 · pinyin initials %2 · clause %3</translation>
    </message>
    <message>
        <source>服务事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>搜索业务：中文名称、拼音首字母（如 cbdj）或条款号（如 6.1.1）</source>
        <translation>Search services: Chinese name, pinyin initials (e.g. cbdj) or clause number (e.g. 6.1.1)</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>申请人签名</source>
        <translation>Applicant signature</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>重签</source>
        <translation>Sign again</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请申请人在签名板上签名，签完按签名板上的确认键。</source>
        <translation>Ask the applicant to sign on the signature pad, then press the confirm key on the pad.</translation>
    </message>
    <message>
        <source>请申请人用手写笔或鼠标在下方签名，签完按“确认”。</source>
        <translation>Ask the applicant to sign below with the stylus or mouse, then press “Confirm”.</translation>
    </message>
    <message>
        <source>请%1在签名板上签名，签完按签名板上的确认键。</source>
        <translation>Ask the %1 to sign on the signature pad, then press the confirm key on the pad.</translation>
    </message>
    <message>
        <source>请%1用手写笔或鼠标在下方签名，签完按“确认”。</source>
        <translation>Ask the %1 to sign below with the stylus or mouse, then press “Confirm”.</translation>
    </message>
    <message>
        <source>屏幕签名</source>
        <translation>On-screen signature</translation>
    </message>
    <message>
        <source>签名板出错</source>
        <translation>Signature pad error</translation>
    </message>
</context>
<context>
    <name>SignatureWidget</name>
    <message>
        <source>申请人签名</source>
        <translation>Applicant signature</translation>
    </message>
    <message>
        <source>%1签名</source>
        <translation>Signature of the %1</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>柜面客户端无法启动</source>
        <translation>The counter client cannot start</translation>
    </message>
    <message>
        <source>中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对），不能联网登录。请信息技术人员核对中心服务地址（counter-app config show）。</source>
        <translation>The central service address is https, but the service at that address does not speak https (the address may need http:// instead, or the port is wrong), so you cannot sign in online. Ask IT staff to check the central service address (counter-app config show).</translation>
    </message>
    <message>
        <source>中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对），不能联网登录。请信息技术人员核对中心服务地址（counter-app config show）。</source>
        <translation>The central service address is http, but the service at that address accepts only https (the address may need https:// instead, or the port is wrong), so you cannot sign in online. Ask IT staff to check the central service address (counter-app config show).</translation>
    </message>
    <message>
        <source>无法打开本地数据库</source>
        <translation>Cannot open the local database</translation>
    </message>
    <message>
        <source>恢复备份失败</source>
        <translation>Restoring the backup failed</translation>
    </message>
    <message>
        <source>本地数据库打开失败</source>
        <translation>The local database could not be opened</translation>
    </message>
    <message>
        <source>缺少中文字体</source>
        <translation>No Chinese font</translation>
    </message>
    <message>
        <source>系统中没有可显示中文的字体，请安装 fonts-wqy-zenhei 或宋体等中文字体。</source>
        <translation>The system has no font that can show Chinese. Please install a Chinese font such as fonts-wqy-zenhei or SimSun.</translation>
    </message>
    <message>
        <source>已用备份恢复本地数据库，请重新启动柜面客户端。</source>
        <translation>The local database was restored from the backup. Please start the counter client again.</translation>
    </message>
    <message>
        <source>中心服务的证书未通过本机验证（证书不受信任、已过期或与地址不符）。请信息技术人员在本机安装本单位的 CA 证书（见部署说明「TLS」一节）。业务已保存在本机，证书问题解决后会自动同步。</source>
        <translation>The central service&apos;s certificate was not accepted by this computer (untrusted, expired or not matching the address). Please ask IT support to install the agency&apos;s CA certificate on this computer (see the deployment guide, section &quot;TLS&quot;). The work is kept on this computer and will be synchronised automatically once the certificate problem is solved.</translation>
    </message>
    <message>
        <source>中心服务的答复无法识别（HTTP %1），不能联网登录：中心服务地址可能指向了别的网站或代理的登录页，或中心服务的版本与本机不符。请信息技术人员核对中心服务地址（counter-app config show）。</source>
        <translation>The central service&apos;s answer was not understood (HTTP %1), so signing in online was not possible: the central service address may point to another web site or a proxy&apos;s login page, or the central service&apos;s version does not match this computer&apos;s. Please ask IT support to check the central service address (counter-app config show).</translation>
    </message>
    <message>
        <source>离线登录（剩余 %1 天），业务记录将在联网后同步。</source>
        <translation>Signed in offline (%1 days left); the business records will be synchronised once the network is back.</translation>
    </message>
    <message>
        <source>本机时钟与中心服务相差 %1 秒（超过 5 分钟），文书日期和同步顺序可能出错。请校准本机时间或联系信息技术人员。</source>
        <translation>This computer&apos;s clock differs from the central service&apos;s by %1 seconds (more than 5 minutes); document dates and the synchronisation order may be wrong. Please set this computer&apos;s time correctly or contact IT support.</translation>
    </message>
    <message>
        <source>本机配置的分局代码与中心登记的分局 %1 不符：文书编号和抬头会用错分局。请先不要办理业务，请信息技术人员改正配置后重新登录。</source>
        <translation>The office code configured on this PC does not match office %1 registered at the centre: documents would be numbered and headed with the wrong office. Do no business until IT corrects the configuration, then sign in again.</translation>
    </message>
</context>
<context>
    <name>StepGuide</name>
    <message>
        <source>提出上门认证申请（Ctrl+Enter）</source>
        <translation>Raise a home-visit request (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>申请上门认证的原因（如：行动不便、长期卧床；可不填）</source>
        <translation>Why a home visit is asked for (e.g. limited mobility, bedridden; optional)</translation>
    </message>
    <message>
        <source>办理步骤</source>
        <translation>Processing steps</translation>
    </message>
    <message>
        <source>完成此步骤（Ctrl+Enter）</source>
        <translation>Complete this step (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>采集指纹 / 重试（F7）</source>
        <translation>Capture fingerprint / retry (F7)</translation>
    </message>
    <message>
        <source>指纹采集告知：为核验您本人身份，本业务须采集您的指纹。指纹属于敏感个人信息，仅用于身份核验，加密保存于社会保险经办系统，按档案管理规定保管，不作他用。请向申请人宣读，征得本人同意后采集。</source>
        <translation>Fingerprint consent notice: to verify your identity, this service requires your fingerprint. A fingerprint is sensitive personal information: it is used only to verify your identity, kept encrypted in the social insurance system under the records rules and used for nothing else. Read this to the applicant and capture only with their consent.</translation>
    </message>
    <message>
        <source>已告知，申请人同意采集指纹</source>
        <translation>Notice read, the applicant agrees to the fingerprint</translation>
    </message>
    <message>
        <source>已取得本人同意（%1）</source>
        <translation>Consent given (%1)</translation>
    </message>
    <message>
        <source>取消采集（Esc）</source>
        <translation>Cancel capture (Esc)</translation>
    </message>
    <message>
        <source>无法采集指纹的原因（如：双手手指残缺）</source>
        <translation>Why the fingerprint cannot be captured (e.g. fingers missing on both hands)</translation>
    </message>
    <message>
        <source>无法采集指纹</source>
        <translation>Cannot capture fingerprint</translation>
    </message>
    <message>
        <source>公示开始日期</source>
        <translation>Publicity start date</translation>
    </message>
    <message>
        <source>公示结束日期</source>
        <translation>Publicity end date</translation>
    </message>
    <message>
        <source>特殊工种</source>
        <translation>Special type of work</translation>
    </message>
    <message>
        <source>异议内容</source>
        <translation>Objection details</translation>
    </message>
    <message>
        <source>开始公示</source>
        <translation>Start publicity</translation>
    </message>
    <message>
        <source>公示期满无异议</source>
        <translation>Publicity ended without objection</translation>
    </message>
    <message>
        <source>公示有异议</source>
        <translation>Objection raised</translation>
    </message>
    <message>
        <source>公示有异议：请核查并填写核查情况</source>
        <translation>Objection raised during publicity: verify and record the findings</translation>
    </message>
    <message>
        <source>核查情况</source>
        <translation>Verification findings</translation>
    </message>
    <message>
        <source>核查符合办理要求</source>
        <translation>Verified: requirements met</translation>
    </message>
    <message>
        <source>核查不符合办理要求</source>
        <translation>Verified: requirements not met</translation>
    </message>
    <message>
        <source>审核收到的转移接续信息表</source>
        <translation>Review the received transfer information sheet</translation>
    </message>
    <message>
        <source>审核不通过的原因</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>审核不通过</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation>Delivery method</translation>
    </message>
    <message>
        <source>邮寄地址</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <source>窗口自取</source>
        <translation>Collect at the window</translation>
    </message>
    <message>
        <source>邮寄送达</source>
        <translation>Deliver by post</translation>
    </message>
    <message>
        <source>登记送达方式</source>
        <translation>Record delivery method</translation>
    </message>
    <message>
        <source>办结（Ctrl+Enter）</source>
        <translation>Complete (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>不予认定的理由</source>
        <translation>Reason for non-recognition</translation>
    </message>
    <message>
        <source>不予认定</source>
        <translation>Not recognised</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>受理后在此逐步办理。</source>
        <translation>After acceptance, process the case here step by step.</translation>
    </message>
    <message>
        <source>当前步骤：%1</source>
        <translation>Current step: %1</translation>
    </message>
    <message>
        <source>审批点：%1</source>
        <translation>Approval point: %1</translation>
    </message>
    <message>
        <source>办理结果将由中心以短信反馈至 %1</source>
        <translation>The centre will send the result by SMS to %1</translation>
    </message>
    <message>
        <source>服务对象未留手机号码：办理结果须另行告知（中心的待反馈名单列出该办件）</source>
        <translation>The applicant left no mobile number: tell them the result by other means (the centre lists the case among those awaiting feedback)</translation>
    </message>
    <message>
        <source>办件已归档。按 Ctrl+N 办理下一件。</source>
        <translation>Case archived. Press Ctrl+N for the next case.</translation>
    </message>
    <message>
        <source>核查不符合办理要求：请填写理由后作出不予认定决定（审批点：不予认定决定）</source>
        <translation>Requirements not met: enter the reason and issue a non-recognition decision (approval point: non-recognition decision)</translation>
    </message>
    <message>
        <source>全部步骤已办理，可以办结。</source>
        <translation>All steps are done; the case can be completed.</translation>
    </message>
    <message>
        <source>办件已%1，可以归档。</source>
        <translation>Case status: %1. It can now be archived.</translation>
    </message>
    <message>
        <source>办件未受理，以上办理步骤不适用。</source>
        <translation>The case was not accepted: the steps above do not apply.</translation>
    </message>
    <message>
        <source>（不适用）</source>
        <translation> (not applicable)</translation>
    </message>
    <message>
        <source>（等待主管审批）</source>
        <translation> (awaiting supervisor approval)</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>StoreErrors</name>
    <message>
        <source>没有可用的备份：%1</source>
        <translation>No usable backup: %1</translation>
    </message>
    <message>
        <source>不能用该文件恢复（%1）：%2。本地数据库未改动。</source>
        <translation>This file cannot be used to restore (%1): %2. The local database was not changed.</translation>
    </message>
    <message>
        <source>恢复失败（%1）：%2。本地数据库未改动。</source>
        <translation>Restoring failed (%1): %2. The local database was not changed.</translation>
    </message>
    <message>
        <source>%1：本地数据库的密钥只保存在系统密钥环中。%2</source>
        <translation>%1: the local database&apos;s key is kept only in the system keyring. %2</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥环，本地数据库的密钥无处保存。%1</source>
        <translation>This computer has no usable system keyring, so the local database&apos;s key cannot be kept. %1</translation>
    </message>
    <message>
        <source>无法从系统密钥环取得本地数据库的密钥（%1）。请解锁系统密钥环后重试，或联系信息技术人员。</source>
        <translation>The local database&apos;s key could not be read from the system keyring (%1). Please unlock the system keyring and try again, or contact IT support.</translation>
    </message>
    <message>
        <source>系统密钥环已锁定，取不到本地数据库的密钥。请解锁系统密钥环（重新登录桌面，或在“密码和密钥”中解锁“登录”密钥环）后重试；本机数据没有丢失。</source>
        <translation>The system keyring is locked, so the local database&apos;s key cannot be read. Please unlock the system keyring (sign in to the desktop again, or unlock the &quot;Login&quot; keyring in &quot;Passwords and Keys&quot;) and try again; no data on this computer has been lost.</translation>
    </message>
    <message>
        <source>本地数据库 %1 已加密，但系统密钥环中没有它的密钥（密钥环被清空，或换了系统用户）。请联系信息技术人员；不要删除数据库文件。</source>
        <translation>The local database %1 is encrypted, but its key is not in the system keyring (the keyring was cleared, or this is another system user). Please contact IT support; do not delete the database file.</translation>
    </message>
    <message>
        <source>本地数据库加密失败（校验不通过），原文件未改动：%1</source>
        <translation>Encrypting the local database failed (the check did not pass); the original file was not changed: %1</translation>
    </message>
    <message>
        <source>%1 是一个目录，不是本地数据库文件</source>
        <translation>%1 is a directory, not a local database file</translation>
    </message>
    <message>
        <source>本地数据库 %1 由更新版本的程序写入（结构版本 %2），本程序无法安全使用它。请安装最新版本的柜面客户端，或联系信息技术人员。</source>
        <translation>The local database %1 was written by a newer version of the program (schema version %2); this program cannot use it safely. Please install the latest counter client, or contact IT support.</translation>
    </message>
    <message>
        <source>本地数据库已损坏（%1）：%2。最近的可用备份：%3（%4）。可运行 counter-app store restore 恢复该备份（损坏的文件会保留，不会删除），备份之后办理的业务需从中心同步或补录。</source>
        <translation>The local database is damaged (%1): %2. Newest usable backup: %3 (%4). Run counter-app store restore to restore it (the damaged file is kept, not deleted); business done after the backup must be synchronised from the centre or entered again.</translation>
    </message>
    <message>
        <source>本地数据库已损坏（%1）：%2。没有可用的备份。请联系信息技术人员，不要删除该文件。</source>
        <translation>The local database is damaged (%1): %2. There is no usable backup. Please contact IT support and do not delete the file.</translation>
    </message>
    <message>
        <source>无法打开本地数据库 %1：%2</source>
        <translation>Cannot open the local database %1: %2</translation>
    </message>
    <message>
        <source>迁移脚本缺少 revision / down_revision：%1</source>
        <translation>A migration script lacks revision / down_revision: %1</translation>
    </message>
    <message>
        <source>文件大小 %1 字节不是整页，文件被截断</source>
        <translation>the file size of %1 bytes is not a whole number of pages; the file was truncated</translation>
    </message>
    <message>
        <source>文件只有 %1 字节，文件头记载 %2 字节，文件被截断</source>
        <translation>the file has only %1 bytes while its header records %2 bytes; the file was truncated</translation>
    </message>
    <message>
        <source>不是柜面客户端的本地数据库</source>
        <translation>not a local database of the counter client</translation>
    </message>
    <message>
        <source>不是本程序能使用的本地数据库（结构版本 %1 本程序不认识：可能是中心服务的数据库，或更新版本程序的备份）</source>
        <translation>not a local database this program can use (schema version %1 is unknown to this program: perhaps the central service&apos;s database, or a backup from a newer version)</translation>
    </message>
    <message>
        <source>无法写入 %1（%2）</source>
        <translation>cannot write to %1 (%2)</translation>
    </message>
    <message>
        <source>文件为空（0 字节）</source>
        <translation>the file is empty (0 bytes)</translation>
    </message>
    <message>
        <source>不是数据库文件</source>
        <translation>not a database file</translation>
    </message>
    <message>
        <source>这是一个目录，不是数据库文件</source>
        <translation>this is a directory, not a database file</translation>
    </message>
    <message>
        <source>数据库文件结构损坏</source>
        <translation>the database file&apos;s structure is damaged</translation>
    </message>
    <message>
        <source>不是数据库文件或密钥不符</source>
        <translation>not a database file, or the key does not match</translation>
    </message>
    <message>
        <source>数据库文件无法读取</source>
        <translation>the database file cannot be read</translation>
    </message>
    <message>
        <source>文件不存在</source>
        <translation>the file does not exist</translation>
    </message>
    <message>
        <source>这不是一个文件</source>
        <translation>this is not a file</translation>
    </message>
    <message>
        <source>当前密钥环后端以明文文件保存密钥，不安全，已拒绝使用</source>
        <translation>The current keyring backend keeps keys in a plain-text file, which is not safe; it was refused</translation>
    </message>
    <message>
        <source>请使用 Windows 凭据管理器（以本工作站的 Windows 用户登录，不要用“临时配置文件”）。</source>
        <translation>Please use the Windows Credential Manager (sign in with this workstation&apos;s Windows user, not a &quot;temporary profile&quot;).</translation>
    </message>
    <message>
        <source>请安装并启用系统密钥环（Secret Service）：在 Debian / 统信 UOS / 麒麟上以管理员执行 sudo apt install gnome-keyring（或 keepassxc 并启用其 Secret Service），然后注销并重新登录桌面，密钥环随登录解锁。</source>
        <translation>Please install and enable a system keyring (Secret Service): on Debian / UOS / Kylin run sudo apt install gnome-keyring as administrator (or keepassxc with its Secret Service enabled), then sign out and sign in to the desktop again; the keyring is unlocked by the desktop sign-in.</translation>
    </message>
    <message>
        <source>无法打开本地数据库 %1：磁盘空间已满（%2 所在的磁盘没有剩余空间）。数据库没有损坏，不要用备份恢复；请清理磁盘空间（或请信息技术人员扩容）后重试。</source>
        <translation>Cannot open the local database %1: the disk is full (no space left on the disk of %2). The database is not damaged; do not restore a backup. Free some disk space (or ask IT to add space) and try again.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>审核不通过</source>
        <translation>Review failed</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>材料不齐全</source>
        <translation>Materials incomplete</translation>
    </message>
    <message>
        <source>不符合受理条件</source>
        <translation>Not eligible</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>受理审核</source>
        <translation>Acceptance review</translation>
    </message>
    <message>
        <source>材料不齐全（已退回）</source>
        <translation>Materials incomplete (returned)</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <source>已受理（办理中）</source>
        <translation>Accepted (in progress)</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>不予认定</source>
        <translation>Not recognised</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>未能完成</source>
        <translation>Not completed</translation>
    </message>
    <message>
        <source>经审批免于采集</source>
        <translation>Exempted from capture (approved)</translation>
    </message>
    <message>
        <source>公示开始</source>
        <translation>Publicity started</translation>
    </message>
    <message>
        <source>公示无异议</source>
        <translation>Publicity: no objection</translation>
    </message>
    <message>
        <source>公示有异议</source>
        <translation>Objection raised</translation>
    </message>
    <message>
        <source>核查符合办理要求</source>
        <translation>Verified: requirements met</translation>
    </message>
    <message>
        <source>核查不符合办理要求</source>
        <translation>Verified: requirements not met</translation>
    </message>
    <message>
        <source>需补齐补正材料</source>
        <translation>Materials to be supplemented</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>已补齐补正</source>
        <translation>Supplemented</translation>
    </message>
    <message>
        <source>不予受理决定</source>
        <translation>Non-acceptance decision</translation>
    </message>
    <message>
        <source>不予认定决定</source>
        <translation>Non-recognition decision</translation>
    </message>
    <message>
        <source>公示期间有异议</source>
        <translation>Objection during publicity</translation>
    </message>
    <message>
        <source>审核收到的转移接续信息表</source>
        <translation>Review the received transfer information sheet</translation>
    </message>
    <message>
        <source>指纹无法采集</source>
        <translation>Fingerprints cannot be captured</translation>
    </message>
    <message>
        <source>改判系统核验的受理条件</source>
        <translation>Overriding a system-verified acceptance condition</translation>
    </message>
    <message>
        <source>待遇核定（补发或金额超过限额）</source>
        <translation>Benefit assessment (back pay or amount over the limit)</translation>
    </message>
    <message>
        <source>注销参保</source>
        <translation>Deregistration</translation>
    </message>
    <message>
        <source>补打决定书</source>
        <translation>Reprint a decision</translation>
    </message>
    <message>
        <source>暂停发放</source>
        <translation>Suspend payment</translation>
    </message>
    <message>
        <source>恢复发放（含补发）</source>
        <translation>Resume payment (with back pay)</translation>
    </message>
    <message>
        <source>窗口经办</source>
        <translation>Counter clerk</translation>
    </message>
    <message>
        <source>审核主管</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>上门认证</source>
        <translation>Home-visit certification</translation>
    </message>
    <message>
        <source>系统管理</source>
        <translation>System administrator</translation>
    </message>
    <message>
        <source>审计</source>
        <translation>Auditor</translation>
    </message>
    <message>
        <source>科长</source>
        <translation>Section Chief</translation>
    </message>
    <message>
        <source>中心主任</source>
        <translation>Centre Director</translation>
    </message>
    <message>
        <source>排队中</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>打印中</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>等待处理</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>打印机脱机</source>
        <translation>printer offline</translation>
    </message>
    <message>
        <source>缺纸</source>
        <translation>out of paper</translation>
    </message>
    <message>
        <source>打印出错</source>
        <translation>printer error</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>参保单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>参保人</source>
        <translation>Insured person</translation>
    </message>
    <message>
        <source>遗属</source>
        <translation>Survivor</translation>
    </message>
    <message>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>employer name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>unified social credit code</translation>
    </message>
    <message>
        <source>参保人姓名</source>
        <translation>insured person&apos;s name</translation>
    </message>
    <message>
        <source>参保人证件号码</source>
        <translation>insured person&apos;s ID number</translation>
    </message>
    <message>
        <source>代办人姓名</source>
        <translation>agent&apos;s name</translation>
    </message>
    <message>
        <source>代办人证件号码</source>
        <translation>agent&apos;s ID number</translation>
    </message>
    <message>
        <source>申请人（遗属）姓名</source>
        <translation>applicant (survivor) name</translation>
    </message>
    <message>
        <source>申请人（遗属）证件号码</source>
        <translation>applicant (survivor) ID number</translation>
    </message>
    <message>
        <source>所提交材料不符合要求</source>
        <translation>the material submitted does not meet the requirements</translation>
    </message>
    <message>
        <source>核定缴费基数</source>
        <translation>assessed contribution base</translation>
    </message>
    <message>
        <source>单位缴费</source>
        <translation>employer contribution</translation>
    </message>
    <message>
        <source>个人缴费</source>
        <translation>individual contribution</translation>
    </message>
    <message>
        <source>认证通过（本人健在）</source>
        <translation>Certified (person alive)</translation>
    </message>
    <message>
        <source>未找到本人</source>
        <translation>Person not found</translation>
    </message>
    <message>
        <source>已死亡</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>已迁出</source>
        <translation>Moved away</translation>
    </message>
    <message>
        <source>拒绝认证</source>
        <translation>Refused certification</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>新建办件</source>
        <translation>Case created</translation>
    </message>
    <message>
        <source>提交受理审核</source>
        <translation>Submitted for acceptance review</translation>
    </message>
    <message>
        <source>补齐材料后重新提交</source>
        <translation>Resubmitted with the missing materials</translation>
    </message>
    <message>
        <source>予以受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>退回材料（一次性告知）</source>
        <translation>Returned for materials (one-time notice)</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>已核实</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>已整改</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <source>已反馈</source>
        <translation>Reported back</translation>
    </message>
    <message>
        <source>已回访（办结）</source>
        <translation>Followed up (closed)</translation>
    </message>
    <message>
        <source>待初审</source>
        <translation>Awaiting first review</translation>
    </message>
    <message>
        <source>待复核</source>
        <translation>Awaiting second review</translation>
    </message>
    <message>
        <source>需补齐补正</source>
        <translation>Supplement or correction needed</translation>
    </message>
    <message>
        <source>参保登记（网上申请不符合网上办结条件）人工审核</source>
        <translation>Manual review of an enrolment registration (online application not eligible for online completion)</translation>
    </message>
    <message>
        <source>智慧化转入申请材料人工审核</source>
        <translation>Manual review of smart transfer-in application materials</translation>
    </message>
    <message>
        <source>历史信息审核（视同缴费年限）人工审核</source>
        <translation>Manual review of historical information (deemed contribution years)</translation>
    </message>
    <message>
        <source>基本养老金（病残津贴、丧葬补助金和抚恤金）申请材料人工审核</source>
        <translation>Manual review of basic pension (disability allowance, funeral grant and survivors' benefit) application materials</translation>
    </message>
</context>
<context>
    <name>WorkspacePanel</name>
    <message>
        <source>已提出上门认证申请，将安排外勤人员上门认证；本次未在窗口认证</source>
        <translation>Home-visit request raised: field staff will be sent to certify at home; nobody was certified at the counter</translation>
    </message>
    <message>
        <source>撤回审批申请</source>
        <translation>Withdraw approval request</translation>
    </message>
    <message>
        <source>撤回该办件待审批的申请？撤回后负责人不能再审批该申请，如仍需办理须重新提出。
撤回说明（可不填）：</source>
        <translation>Withdraw this case&apos;s pending approval request? Once withdrawn, no supervisor can decide it; to go on, raise a new request.
Note on the withdrawal (optional):</translation>
    </message>
    <message>
        <source>业务办理</source>
        <translation>Counter service</translation>
    </message>
    <message>
        <source>申请人（Ctrl+L；插卡或 F6 读卡）</source>
        <translation>Applicant (Ctrl+L; insert card or F6 to read it)</translation>
    </message>
    <message>
        <source>材料清单与受理条件（空格切换状态，N 填写说明）</source>
        <translation>Materials and acceptance conditions (Space changes status, N adds a note)</translation>
    </message>
    <message>
        <source>办理步骤</source>
        <translation>Processing steps</translation>
    </message>
    <message>
        <source>材料全部齐全（F9）</source>
        <translation>All materials present (F9)</translation>
    </message>
    <message>
        <source>待确认条件全部符合（F10）</source>
        <translation>All pending conditions met (F10)</translation>
    </message>
    <message>
        <source>预览PDF（Ctrl+Shift+P）</source>
        <translation>Preview PDF (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>打印当前文书（Ctrl+P）</source>
        <translation>Print current document (Ctrl+P)</translation>
    </message>
    <message>
        <source>告知书预览</source>
        <translation>Notice preview</translation>
    </message>
    <message>
        <source>核定数据</source>
        <translation>Assessment data</translation>
    </message>
    <message>
        <source>PDF预览</source>
        <translation>PDF preview</translation>
    </message>
    <message>
        <source>搜索业务</source>
        <translation>Search services</translation>
    </message>
    <message>
        <source>新办件</source>
        <translation>New case</translation>
    </message>
    <message>
        <source>读卡</source>
        <translation>Read card</translation>
    </message>
    <message>
        <source>填写申请人</source>
        <translation>Enter applicant</translation>
    </message>
    <message>
        <source>材料清单</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>受理条件</source>
        <translation>Acceptance conditions</translation>
    </message>
    <message>
        <source>材料全部齐全</source>
        <translation>All materials present</translation>
    </message>
    <message>
        <source>待确认条件全部符合</source>
        <translation>All pending conditions met</translation>
    </message>
    <message>
        <source>提交受理审核并决定 / 办理当前步骤 / 办结 / 归档</source>
        <translation>Submit for acceptance review / process current step / complete / archive</translation>
    </message>
    <message>
        <source>打印当前文书</source>
        <translation>Print current document</translation>
    </message>
    <message>
        <source>预览PDF</source>
        <translation>Preview PDF</translation>
    </message>
    <message>
        <source>现场授权</source>
        <translation>On-site authorisation</translation>
    </message>
    <message>
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>采集指纹</source>
        <translation>Capture fingerprint</translation>
    </message>
    <message>
        <source>取消指纹采集</source>
        <translation>Cancel fingerprint capture</translation>
    </message>
    <message>
        <source>最近办理的第%1项业务</source>
        <translation>Recent service no. %1</translation>
    </message>
    <message>
        <source>当前办件已提交，请按 Ctrl+N 新建办件后再选择业务</source>
        <translation>The current case has been submitted; press Ctrl+N for a new case before choosing a service</translation>
    </message>
    <message>
        <source>已选择业务：%1</source>
        <translation>Service selected: %1</translation>
    </message>
    <message>
        <source>没有第%1项最近办理的业务</source>
        <translation>There is no recent service no. %1</translation>
    </message>
    <message>
        <source>放弃未提交的办件</source>
        <translation>Discard unsubmitted case</translation>
    </message>
    <message>
        <source>「%1」的办件尚未提交（Ctrl+Enter），放弃后录入的信息不会保存（Ctrl+S 可先保存草稿）。确定放弃吗？</source>
        <translation>The case for “%1” has not been submitted (Ctrl+Enter). If you discard it, the information entered will not be saved (press Ctrl+S to save a draft first). Discard anyway?</translation>
    </message>
    <message>
        <source>指纹采集进行中，请先取消（Esc）</source>
        <translation>Fingerprint capture in progress; cancel it first (Esc)</translation>
    </message>
    <message>
        <source>操作未能完成，请重试；问题持续请联系技术支持（详情已记入日志）</source>
        <translation>The operation could not be completed. Please try again; if the problem persists, contact technical support (details have been logged)</translation>
    </message>
    <message>
        <source>新办件（未提交）</source>
        <translation>New case (not submitted)</translation>
    </message>
    <message>
        <source>请先选择业务（Ctrl+F 搜索）</source>
        <translation>Choose a service first (Ctrl+F to search)</translation>
    </message>
    <message>
        <source>审核结果：受理</source>
        <translation>Review result: accept</translation>
    </message>
    <message>
        <source>审核结果：业务指引（材料不齐全）</source>
        <translation>Review result: service guidance (materials incomplete)</translation>
    </message>
    <message>
        <source>审核结果：业务指引（暂不满足受理条件）</source>
        <translation>Review result: guidance (acceptance conditions not met yet)</translation>
    </message>
    <message>
        <source>审核结果：不予受理</source>
        <translation>Review result: not accepted</translation>
    </message>
    <message>
        <source>审核结果：尚未确定</source>
        <translation>Review result: not decided yet</translation>
    </message>
    <message>
        <source>审核结果：请更正申请人信息</source>
        <translation>Review result: correct the applicant&apos;s details</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>审核结果：受理，办件进入办理</source>
        <translation>Review result: accepted; the case goes on to processing</translation>
    </message>
    <message>
        <source>审核结果：材料不齐全，已退回补正</source>
        <translation>Review result: materials incomplete; returned for completion</translation>
    </message>
    <message>
        <source>审核结果：暂不满足受理条件，已退回并告知办理指引</source>
        <translation>Review result: acceptance conditions not met yet; returned with the guidance</translation>
    </message>
    <message>
        <source>审核结果：不符合受理条件，不予受理</source>
        <translation>Review result: acceptance conditions not met; not accepted</translation>
    </message>
    <message>
        <source>审核结果：已决定</source>
        <translation>Review result: decided</translation>
    </message>
    <message>
        <source>办件 %1 · %2 · %3</source>
        <translation>Case %1 · %2 · %3</translation>
    </message>
    <message>
        <source>文书：</source>
        <translation>Documents: </translation>
    </message>
    <message>
        <source>提交受理审核并决定（Ctrl+Enter）</source>
        <translation>Submit for acceptance review (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>办理（Ctrl+Enter）</source>
        <translation>Process (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>未提交</source>
        <translation>Not submitted</translation>
    </message>
    <message>
        <source>不符合要求</source>
        <translation>Does not meet requirements</translation>
    </message>
    <message>
        <source>正在处理上一步，请稍候</source>
        <translation>Still processing the previous step, please wait</translation>
    </message>
    <message>
        <source>办件已归档，按 Ctrl+N 办理下一件</source>
        <translation>Case archived; press Ctrl+N for the next case</translation>
    </message>
    <message>
        <source>请先选择业务（Ctrl+F 搜索业务）</source>
        <translation>Choose a service first (Ctrl+F to search services)</translation>
    </message>
    <message>
        <source>请先更正申请人信息：</source>
        <translation>Correct the applicant details first: </translation>
    </message>
    <message>
        <source>不能提交：</source>
        <translation>Cannot submit: </translation>
    </message>
    <message>
        <source>尚有受理条件待确认：</source>
        <translation>Acceptance conditions still to confirm: </translation>
    </message>
    <message>
        <source>%1（F10 全部符合，或在受理条件中逐条按空格确认）</source>
        <translation>%1 (F10 marks all as met, or confirm each one with Space under Acceptance conditions)</translation>
    </message>
    <message>
        <source>%1（离线暂予受理须在受理条件中逐条按空格确认，联网后由中心复核）</source>
        <translation>%1 (accepted provisionally offline only by confirming each one with Space under Acceptance conditions; the centre re-checks it once online)</translation>
    </message>
    <message>
        <source>%1（须查询参保档案后由系统核验，不能按键确认）</source>
        <translation>%1 (checked by the system once the insurance record is looked up; no key confirms it)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>F10 不确认档案才能说明的事实：</source>
        <translation>F10 does not confirm what only the insurance record can show: </translation>
    </message>
    <message>
        <source>退回补正的办件：已恢复原录入信息，请勾选补齐的材料后按 Ctrl+Enter 重新提交</source>
        <translation>Returned case: the original entries have been restored; tick the supplied materials and press Ctrl+Enter to resubmit</translation>
    </message>
    <message>
        <source>%1。请按审批意见核对办件，修改后按 Ctrl+Enter 重新办理（仍须审批的，将重新提出审批申请）</source>
        <translation>%1. Check the case against the supervisor&apos;s reason, correct it and press Ctrl+Enter again (what still needs approval is requested again)</translation>
    </message>
    <message>
        <source>没有打开的办件</source>
        <translation>No case is open</translation>
    </message>
    <message>
        <source>该办件没有待审批的申请，无需现场授权</source>
        <translation>This case has no request awaiting approval: no on-site authorisation is needed</translation>
    </message>
    <message>
        <source>中心已更新本办件（审批决定或信息表），已重新载入</source>
        <translation>The centre updated this case (a supervisor decision or an information sheet); reloaded</translation>
    </message>
    <message>
        <source>请填写无法采集指纹的原因（至少 %1 个字），例如“双手手指残缺”</source>
        <translation>Please give the reason why fingerprints cannot be captured (at least %1 characters), e.g. "fingers of both hands missing"</translation>
    </message>
    <message>
        <source>缺少经办人，无法登记</source>
        <translation>No clerk given; it cannot be registered</translation>
    </message>
    <message>
        <source>缺少业务编号，无法保存指纹</source>
        <translation>No case number given; the fingerprint cannot be saved</translation>
    </message>
    <message>
        <source>请先受理办件</source>
        <translation>Accept the case first</translation>
    </message>
    <message>
        <source>核定数据不完整或有误：%1</source>
        <translation>Assessment data incomplete or invalid: %1</translation>
    </message>
    <message>
        <source>已办理步骤：%1</source>
        <translation>Step done: %1</translation>
    </message>
    <message>
        <source>公示已开始</source>
        <translation>Publicity started</translation>
    </message>
    <message>
        <source>请填写异议内容</source>
        <translation>Enter the objection details</translation>
    </message>
    <message>
        <source>公示有异议，请核查</source>
        <translation>Objection raised during publicity; please verify</translation>
    </message>
    <message>
        <source>公示期满无异议</source>
        <translation>Publicity ended without objection</translation>
    </message>
    <message>
        <source>已登记核查情况</source>
        <translation>Verification findings recorded</translation>
    </message>
    <message>
        <source>办件已办结</source>
        <translation>Case completed</translation>
    </message>
    <message>
        <source>已作出不予认定决定</source>
        <translation>Non-recognition decision issued</translation>
    </message>
    <message>
        <source>办件已归档</source>
        <translation>Case archived</translation>
    </message>
    <message>
        <source>已登记无法采集指纹，办件等待主管审批</source>
        <translation>Fingerprint recorded as impossible to capture; the case awaits supervisor approval</translation>
    </message>
    <message>
        <source>当前办件还没有出具文书</source>
        <translation>No documents have been issued for this case yet</translation>
    </message>
    <message>
        <source>《%1》已送打印：%2</source>
        <translation>“%1” sent to printer: %2</translation>
    </message>
    <message>
        <source>打印失败：%1</source>
        <translation>Printing failed: %1</translation>
    </message>
    <message>
        <source>审核结果尚未确定，暂无可预览的文书</source>
        <translation>The review result is not decided yet; there is no document to preview</translation>
    </message>
    <message>
        <source>（预览）</source>
        <translation>(preview)</translation>
    </message>
    <message>
        <source>预览失败：%1</source>
        <translation>Preview failed: %1</translation>
    </message>
    <message>
        <source>没有未提交的办件可保存</source>
        <translation>There is no unsubmitted case to save</translation>
    </message>
    <message>
        <source>草稿已保存：%1（可用 counter-app case import 导入）</source>
        <translation>Draft saved: %1 (import it with counter-app case import)</translation>
    </message>
    <message>
        <source>读卡器就绪（卡已拔出）</source>
        <translation>Card reader ready (card removed)</translation>
    </message>
    <message>
        <source>读卡器就绪</source>
        <translation>Card reader ready</translation>
    </message>
    <message>
        <source>已读卡：当前办件已受理，按 Ctrl+N 新建办件后再插卡</source>
        <translation>Card read: the current case is already accepted; press Ctrl+N for a new case, then insert the card</translation>
    </message>
    <message>
        <source>用卡片信息替换申请人</source>
        <translation>Replace applicant with card details</translation>
    </message>
    <message>
        <source>已录入的申请人信息与卡片不同（卡片：%1 %2）。用卡片信息替换吗？</source>
        <translation>The applicant details entered differ from the card (card: %1 %2). Replace them with the card details?</translation>
    </message>
    <message>
        <source>已读卡，未替换已录入的申请人信息</source>
        <translation>Card read; the applicant details entered were not replaced</translation>
    </message>
    <message>
        <source>已读卡：%1 %2</source>
        <translation>Card read: %1 %2</translation>
    </message>
    <message>
        <source>读卡器：%1</source>
        <translation>Card reader: %1</translation>
    </message>
    <message>
        <source>当前步骤不是指纹采集</source>
        <translation>The current step is not fingerprint capture</translation>
    </message>
    <message>
        <source>采集指纹前请向申请人宣读采集告知，并点击“已告知，申请人同意采集指纹”</source>
        <translation>Before capturing the fingerprint, read the consent notice to the applicant and click “Notice read, the applicant agrees to the fingerprint”</translation>
    </message>
    <message>
        <source>请将手指平放在采集器上</source>
        <translation>Place your finger flat on the scanner</translation>
    </message>
    <message>
        <source>读卡中…</source>
        <translation>Reading card…</translation>
    </message>
    <message>
        <source>读卡失败：读卡器 %1 秒内没有应答，请检查读卡器后重新插卡或按 F6 重读</source>
        <translation>Card read failed: the reader did not respond within %1 seconds. Check the reader, then reinsert the card or press F6 to read again</translation>
    </message>
    <message>
        <source>读卡失败：读卡过程中卡被拔出，请重新插卡</source>
        <translation>Card read failed: the card was removed while reading; please reinsert it</translation>
    </message>
    <message>
        <source>读卡失败：%1</source>
        <translation>Card read failed: %1</translation>
    </message>
    <message>
        <source>指纹采集中</source>
        <translation>Capturing fingerprint</translation>
    </message>
    <message>
        <source>指纹采集器空闲</source>
        <translation>Fingerprint scanner idle</translation>
    </message>
    <message>
        <source>指纹已采集，质量%1</source>
        <translation>Fingerprint captured, quality: %1</translation>
    </message>
    <message>
        <source>（F7 重试；确实无法采集时填写原因后点“无法采集指纹”）</source>
        <translation> (F7 to retry; if capture is truly impossible, enter the reason and click “Cannot capture fingerprint”)</translation>
    </message>
    <message>
        <source>请填写无法采集指纹的原因</source>
        <translation>Enter why the fingerprint cannot be captured</translation>
    </message>
    <message>
        <source>文书：%1</source>
        <translation>Documents: %1</translation>
    </message>
    <message>
        <source>《%1》%2</source>
        <translation>“%1” %2</translation>
    </message>
    <message>
        <source>正在拍照，请等拍照完成后再切换办件</source>
        <translation>A page is being captured; switch cases when it is done</translation>
    </message>
    <message>
        <source>办件 %1：%2</source>
        <translation>Case %1: %2</translation>
    </message>
    <message>
        <source>中心的决定等待确认</source>
        <translation>The centre's decision awaits your confirmation</translation>
    </message>
    <message>
        <source>您已撤回该办件的审批申请，但撤回送达中心之前，负责人已作出决定。
执行该决定：按决定办理并出具文书。
维持撤回：决定不执行；如仍需办理该事项，须重新提出审批申请，请负责人再次审批。</source>
        <translation>You withdrew this case's approval request, but a supervisor decided it before the withdrawal reached the centre.
Carry out the decision: the case proceeds as decided and its documents are issued.
Keep the withdrawal: the decision is not carried out; to do this later, make a new approval request for a supervisor to decide again.</translation>
    </message>
    <message>
        <source>执行该决定</source>
        <translation>Carry out the decision</translation>
    </message>
    <message>
        <source>维持撤回</source>
        <translation>Keep the withdrawal</translation>
    </message>
    <message>
        <source>确认撤回后送达的中心决定</source>
        <translation>Confirm a centre decision that arrived after a withdrawal</translation>
    </message>
    <message>
        <source>正在核对材料</source>
        <translation>Checking your documents</translation>
    </message>
    <message>
        <source>材料齐全，符合受理条件</source>
        <translation>All documents are in order; the application can be accepted</translation>
    </message>
    <message>
        <source>材料不齐全，请按《业务指引告知书》补齐补正后再来办理</source>
        <translation>Documents are missing: please complete them as the Service guidance notice (业务指引告知书) says, then come back</translation>
    </message>
    <message>
        <source>暂不满足受理条件，请按《业务指引告知书》的指引办理后再来申请</source>
        <translation>Acceptance conditions not met yet: please do as the Service guidance notice (业务指引告知书) guides, then apply again</translation>
    </message>
    <message>
        <source>不符合受理条件：%1</source>
        <translation>The conditions for acceptance are not met: %1</translation>
    </message>
    <message>
        <source>已受理，正在办理</source>
        <translation>Accepted; being processed</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>不予认定：%1</source>
        <translation>Not recognised: %1</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>业务办理(&amp;C)</source>
        <translation>&amp;Counter service</translation>
    </message>
    <message>
        <source>%1（预览）</source>
        <translation>Preview: %1 (issued in Chinese)</translation>
    </message>
    <message>
        <source>受理（本事项受理时不出具告知书）</source>
        <translation>Accepted (this service issues no notice on acceptance)</translation>
    </message>
    <message>
        <source>办理时限：</source>
        <translation>Time limit: </translation>
    </message>
    <message>
        <source>尚待确认的受理条件：</source>
        <translation>Acceptance conditions still to be confirmed:</translation>
    </message>
    <message>
        <source>请更正申请人信息</source>
        <translation>Correct the applicant's details</translation>
    </message>
    <message>
        <source>申请人信息有误，更正后才能提交受理审核；此时不出具任何文书。</source>
        <translation>The applicant's details have errors: correct them before submitting for acceptance review. No document is issued now.</translation>
    </message>
</context>
<context>
    <name>WorkstationPage</name>
    <message>
        <source>本窗口所属分局和窗口号。工作站须由本分局科长或管理员在中心登记。</source>
        <translation>The branch office and window number of this window. The workstation must be registered at the centre by a section chief or administrator of this branch office.</translation>
    </message>
    <message>
        <source>科长或管理员用户名</source>
        <translation>Section chief or administrator user name</translation>
    </message>
    <message>
        <source>身份验证器上的 6 位数字</source>
        <translation>6-digit code from the authenticator</translation>
    </message>
    <message>
        <source>登记工作站</source>
        <translation>Register workstation</translation>
    </message>
    <message>
        <source>分局名称</source>
        <translation>Branch office name</translation>
    </message>
    <message>
        <source>分局代码</source>
        <translation>Branch office code</translation>
    </message>
    <message>
        <source>窗口号</source>
        <translation>Window no.</translation>
    </message>
    <message>
        <source>工作站编号</source>
        <translation>Workstation ID</translation>
    </message>
    <message>
        <source>登记人</source>
        <translation>Registered by</translation>
    </message>
    <message>
        <source>登记人密码</source>
        <translation>Registering user&apos;s password</translation>
    </message>
    <message>
        <source>动态验证码</source>
        <translation>One-time code</translation>
    </message>
</context>
<context>
    <name>_BackendPage</name>
    <message>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
</context>
<context>
    <name>_ProbeRow</name>
    <message>
        <source>正在测试……</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>测试时出错，请联系信息技术人员。</source>
        <translation>An error occurred during the test; please contact IT staff.</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>名单已于 %1（北京时间）过期，请联网重新拉取名单后再登记</source>
        <translation>The roster expired at %1 (Beijing time): go online and pull the roster again before recording a visit</translation>
    </message>
    <message>
        <source>名单未更新，本机名单未变（%2 人，有效至 %3，北京时间），仍可使用；请联网后重新拉取名单。原因：%1</source>
        <translation>The roster was not updated; the roster on this computer is unchanged (%2 people, valid until %3, Beijing time) and can still be used. Pull the roster again once online. Reason: %1</translation>
    </message>
    <message>
        <source>名单未更新：本机没有可用的名单，请联网后重新拉取名单。原因：%1</source>
        <translation>The roster was not updated: there is no usable roster on this computer; pull the roster once online. Reason: %1</translation>
    </message>
    <message>
        <source>该办件不是上门认证（情形：%1），请按窗口认证核验本人身份</source>
        <translation>This case is not a home-visit certification (option: %1): verify the person's identity as for a counter certification</translation>
    </message>
    <message>
        <source>申请原因不能超过 %1 个字</source>
        <translation>The reason may not exceed %1 characters</translation>
    </message>
    <message>
        <source>此人属于分局 %1，上门认证由该分局申请和安排，请联系该分局</source>
        <translation>This person belongs to branch %1, which requests and arranges the home visit: please contact that branch</translation>
    </message>
    <message>
        <source>账号 %1（%2）不能%3：只有%4岗位的账号可以</source>
        <translation>Account %1 (%2) may not %3: only accounts of the %4 posts may</translation>
    </message>
    <message>
        <source>同一参保人的本地养老保险关系已在办件 %1 中终结，不能再办理「%2」</source>
        <translation>The insured person's local pension insurance relation was ended in case %1; “%2” can no longer be handled</translation>
    </message>
    <message>
        <source>同一参保人已有「%1」办件 %2（%3），不能重复办理；请在该办件中继续办理。理由：%4</source>
        <translation>The same insured person already has a “%1” case %2 (%3); it cannot be applied for twice: carry on with that case. Why: %4</translation>
    </message>
    <message>
        <source>同一参保人已有「%1」办件 %2（%3），在分局 %4 工作站 %5 办理，不能重复受理；请在该办件中继续办理。理由：%6</source>
        <translation>The same insured person already has a “%1” case %2 (%3) at office %4, workstation %5; it cannot be accepted twice: carry on with that case. Why: %6</translation>
    </message>
    <message>
        <source>同一参保人已有「%1」办件 %2（%3），在分局 %4 办理，不能重复受理；请联系该分局在该办件中继续办理。理由：%5</source>
        <translation>The same insured person already has a “%1” case %2 (%3) at office %4; it cannot be accepted twice: ask that office to carry on with that case. Why: %5</translation>
    </message>
    <message>
        <source>同一参保人已有「%1」办件 %2（%3）在办理相同项目（%4），不能同时办理；请在该办件中继续办理，或待其办结后再申请。理由：%5</source>
        <translation>The same insured person already has a “%1” case %2 (%3) changing the same items (%4); both cannot be in hand at once: carry on with that case, or apply again once it is completed. Why: %5</translation>
    </message>
    <message>
        <source>同一参保单位已有「%1」办件 %2（%3），不能重复办理；请在该办件中继续办理。理由：%4</source>
        <translation>The same insured unit already has a “%1” case %2 (%3); it cannot be applied for twice: carry on with that case. Why: %4</translation>
    </message>
    <message>
        <source>同一参保单位已有「%1」办件 %2（%3），在分局 %4 工作站 %5 办理，不能重复受理；请在该办件中继续办理。理由：%6</source>
        <translation>The same insured unit already has a “%1” case %2 (%3) at office %4, workstation %5; it cannot be accepted twice: carry on with that case. Why: %6</translation>
    </message>
    <message>
        <source>同一参保单位已有「%1」办件 %2（%3），在分局 %4 办理，不能重复受理；请联系该分局在该办件中继续办理。理由：%5</source>
        <translation>The same insured unit already has a “%1” case %2 (%3) at office %4; it cannot be accepted twice: ask that office to carry on with that case. Why: %5</translation>
    </message>
    <message>
        <source>同一参保单位已有「%1」办件 %2（%3）在办理相同项目（%4），不能同时办理；请在该办件中继续办理，或待其办结后再申请。理由：%5</source>
        <translation>The same insured unit already has a “%1” case %2 (%3) changing the same items (%4); both cannot be in hand at once: carry on with that case, or apply again once it is completed. Why: %5</translation>
    </message>
    <message>
        <source>「%1」的审核结论（%2）按分级授权表须%3审批，批准后才记录</source>
        <translation>The conclusion of “%1” (%2) needs the approval of the %3 under the graded authorisation table; it is recorded once approved</translation>
    </message>
    <message>
        <source>请填写核准的视同缴费期间（至少一段：起始年月、终止年月）</source>
        <translation>Enter the approved deemed contribution periods (at least one: start month, end month)</translation>
    </message>
    <message>
        <source>核准的视同缴费期间应为若干段，每段写明起始年月和终止年月</source>
        <translation>The approved deemed contribution periods must be a list of periods, each with a start and an end month</translation>
    </message>
    <message>
        <source>核准的视同缴费期间最多%1段</source>
        <translation>At most %1 approved deemed contribution periods</translation>
    </message>
    <message>
        <source>第%1段视同缴费期间的起始年月应为年月，如 1990-01</source>
        <translation>The start month of deemed contribution period %1 must be a month, e.g. 1990-01</translation>
    </message>
    <message>
        <source>第%1段视同缴费期间的终止年月应为年月，如 1995-06</source>
        <translation>The end month of deemed contribution period %1 must be a month, e.g. 1995-06</translation>
    </message>
    <message>
        <source>第%1段视同缴费期间的终止年月%2早于起始年月%3</source>
        <translation>Deemed contribution period %1 ends (%2) before it starts (%3)</translation>
    </message>
    <message>
        <source>第%1段视同缴费期间的终止年月%2晚于核准年月%3：不能核准尚未到来的期间</source>
        <translation>Deemed contribution period %1 ends in %2, after the month of the decision (%3): a period still to come cannot be approved</translation>
    </message>
    <message>
        <source>第%1段视同缴费期间的月数应为不小于0的整数</source>
        <translation>The months of deemed contribution period %1 must be a whole number, not less than 0</translation>
    </message>
    <message>
        <source>第%1段视同缴费期间%2至%3共%4个月，不是填写的%5个月</source>
        <translation>Deemed contribution period %1 from %2 to %3 has %4 months, not the %5 entered</translation>
    </message>
    <message>
        <source>第%1段视同缴费期间的工作单位应为文字，不超过%2个字</source>
        <translation>The employer of deemed contribution period %1 must be text of at most %2 characters</translation>
    </message>
    <message>
        <source>第%1段与第%2段视同缴费期间重叠（%3至%4）：同一月份不能重复核准</source>
        <translation>Deemed contribution periods %1 and %2 overlap (%3 to %4): a month cannot be approved twice</translation>
    </message>
    <message>
        <source>视同缴费月数合计应为不小于0的整数</source>
        <translation>The total deemed contribution months must be a whole number, not less than 0</translation>
    </message>
    <message>
        <source>视同缴费月数合计%1个月与各段月数之和%2个月不符</source>
        <translation>The total deemed contribution months (%1) differ from the sum of the periods (%2 months)</translation>
    </message>
    <message>
        <source>核准的视同缴费月数合计%1个月与档案记载的%2个月不一致（相差%3个月）：请核对人事档案，确认按审核结果核准后再出具决定书</source>
        <translation>The approved total of %1 deemed contribution months differs from the %2 months on record (difference %3): check the personnel file and confirm the review's result before the decision is issued</translation>
    </message>
    <message>
        <source>请填写公示起止日期</source>
        <translation>Enter the publicity's start and end dates</translation>
    </message>
    <message>
        <source>公示开始日期「%1」不是有效日期，请按 YYYY-MM-DD 填写（如 %2）</source>
        <translation>The publicity's start date “%1” is not a valid date; enter it as YYYY-MM-DD (e.g. %2)</translation>
    </message>
    <message>
        <source>公示结束日期「%1」不是有效日期，请按 YYYY-MM-DD 填写（如 %2）</source>
        <translation>The publicity's end date “%1” is not a valid date; enter it as YYYY-MM-DD (e.g. %2)</translation>
    </message>
    <message>
        <source>公示结束日期（%1）早于开始日期（%2），公示期不成立，请重新填写</source>
        <translation>The publicity's end date (%1) is before its start date (%2): no period; enter it again</translation>
    </message>
    <message>
        <source>公示期已于%1结束（今天是%2），不能发布已过期的公示，请重新确定公示期</source>
        <translation>The publicity period ended on %1 (today is %2); an expired publicity cannot be issued; set the period again</translation>
    </message>
    <message>
        <source>「%1」%2，按分级授权表须%3审批，批准后才出具核准决定书</source>
        <translation>“%1” %2: under the graded authorisation table it needs the approval of the %3; the decision is issued once approved</translation>
    </message>
    <message>
        <source>办件当前状态为「%1」，不能%2</source>
        <translation>The case is “%1”; cannot %2</translation>
    </message>
    <message>
        <source>办件当前状态为「%1」，不能转为「%2」</source>
        <translation>The case is “%1”; it cannot become “%2”</translation>
    </message>
    <message>
        <source>办件 %1 当前为「%2」，不能重新提交</source>
        <translation>Case %1 is “%2” and cannot be resubmitted</translation>
    </message>
    <message>
        <source>办件 %1 当前为「%2」，只有材料不齐全（已退回）的办件才能补齐材料重新提交</source>
        <translation>Case %1 is “%2”: only a case returned for incomplete materials can be resubmitted with the materials brought</translation>
    </message>
    <message>
        <source>「%1」须经负责人审批，请由负责人确认后再办理</source>
        <translation>“%1” needs a supervisor's approval; have a supervisor confirm it first</translation>
    </message>
    <message>
        <source>审批人不能是经办人本人</source>
        <translation>The approver cannot be the clerk who handled the case</translation>
    </message>
    <message>
        <source>该办件已有待审批的同一事项申请（内容不同）：请等待审批结果，或先撤回原申请再重新提出</source>
        <translation>The case already has a pending request for the same approval (with different content): wait for its decision, or withdraw it before requesting again</translation>
    </message>
    <message>
        <source>注销参保须经负责人审批，请由负责人确认后再办理</source>
        <translation>Deregistration needs a supervisor's approval; have a supervisor confirm it first</translation>
    </message>
    <message>
        <source>改判系统核验的受理条件（%1）须经负责人审批，请由负责人确认后再办理</source>
        <translation>Overriding system-verified conditions (%1) needs a supervisor's approval; have a supervisor confirm it first</translation>
    </message>
    <message>
        <source>步骤「%1」没有等待审批的记录</source>
        <translation>Step “%1” has no record waiting for approval</translation>
    </message>
    <message>
        <source>档案包未能写入（%1），办件未归档：排除后重新归档</source>
        <translation>The archive package could not be written (%1); the case was not archived: fix this and archive it again</translation>
    </message>
    <message>
        <source>账号 %1 不是窗口经办人或科长，不能%2</source>
        <translation>Account %1 is not a counter clerk or supervisor and may not %2</translation>
    </message>
    <message>
        <source>不能提交受理审核：%1</source>
        <translation>Cannot submit for acceptance review: %1</translation>
    </message>
    <message>
        <source>尚有受理条件未确认：%1</source>
        <translation>Conditions not yet confirmed: %1</translation>
    </message>
    <message>
        <source>审核结果为「%1」，不能按「%2」办理：%3</source>
        <translation>The review's result is “%1”; the case cannot be handled as “%2”: %3</translation>
    </message>
    <message>
        <source>请说明材料不符合要求的原因</source>
        <translation>Say why the material does not meet the requirements</translation>
    </message>
    <message>
        <source>「%1」没有材料「%2」</source>
        <translation>“%1” has no material “%2”</translation>
    </message>
    <message>
        <source>「%1」没有受理条件「%2」</source>
        <translation>“%1” has no condition “%2”</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>「%1」已由系统核验为%2（%3），改判须填写理由</source>
        <translation>“%1” was verified by the system as %2 (%3); give a reason to override it</translation>
    </message>
    <message>
        <source>申请人信息中有不认识的字段：%1</source>
        <translation>Unknown fields in the applicant's details: %1</translation>
    </message>
    <message>
        <source>办件事实中有不认识的字段：%1</source>
        <translation>Unknown fields in the case's facts: %1</translation>
    </message>
    <message>
        <source>《%1》无法出具，缺少：%2</source>
        <translation>“%1” cannot be issued; missing: %2</translation>
    </message>
    <message>
        <source>文书《%1》无法出具：%2</source>
        <translation>Document “%1” cannot be issued: %2</translation>
    </message>
    <message>
        <source>「%1」本办件没有步骤「%2」</source>
        <translation>This “%1” case has no step “%2”</translation>
    </message>
    <message>
        <source>「%1」本办件没有%2步骤</source>
        <translation>This “%1” case has no %2 step</translation>
    </message>
    <message>
        <source>「%1」在服务办结后办理（%2），请先办结</source>
        <translation>“%1” is done after the service is completed (%2); complete the case first</translation>
    </message>
    <message>
        <source>步骤「%1」仅在公示有异议时办理</source>
        <translation>Step “%1” is done only when the publicity drew an objection</translation>
    </message>
    <message>
        <source>步骤「%1」的结果只能是：%2</source>
        <translation>The result of step “%1” can only be: %2</translation>
    </message>
    <message>
        <source>步骤「%1」已办理（%2），不能重复办理</source>
        <translation>Step “%1” is already done (%2) and cannot be done again</translation>
    </message>
    <message>
        <source>请先办理步骤「%1」，再办理「%2」</source>
        <translation>Do step “%1” before “%2”</translation>
    </message>
    <message>
        <source>公示异议核查结果为不符合办理要求，应作出不予认定决定，不能继续办理</source>
        <translation>The objection's verification found the requirements not met: make a non-recognition decision; the case cannot go on</translation>
    </message>
    <message>
        <source>公示已开始，请在公示期满后登记公示结果</source>
        <translation>The publicity has started; record its result when the period is over</translation>
    </message>
    <message>
        <source>公示尚未开始，不能登记公示结果</source>
        <translation>The publicity has not started; its result cannot be recorded</translation>
    </message>
    <message>
        <source>公示期至%1，公示期满后才能登记公示结果</source>
        <translation>The publicity runs until %1; its result can be recorded only after that</translation>
    </message>
    <message>
        <source>请填写异议内容</source>
        <translation>Enter the objection</translation>
    </message>
    <message>
        <source>未取得指纹模板，不能登记指纹采集完成</source>
        <translation>No fingerprint template was captured; the capture cannot be recorded as done</translation>
    </message>
    <message>
        <source>请填写指纹无法采集的原因</source>
        <translation>Enter why the fingerprints cannot be captured</translation>
    </message>
    <message>
        <source>须先登记指纹无法采集的原因，才能申请免于采集</source>
        <translation>Record why the fingerprints cannot be captured before asking for an exemption</translation>
    </message>
    <message>
        <source>免于采集指纹须经负责人审批</source>
        <translation>An exemption from fingerprint capture needs a supervisor's approval</translation>
    </message>
    <message>
        <source>请列出需补齐补正的材料</source>
        <translation>List the materials to be supplied or corrected</translation>
    </message>
    <message>
        <source>需补齐补正的第 %1 项材料须写明材料名称、存在的问题和需补齐补正的内容</source>
        <translation>Item %1 of the materials to be supplied or corrected must name the material, what is wrong with it and what to bring</translation>
    </message>
    <message>
        <source>请填写核查情况</source>
        <translation>Enter the verification's findings</translation>
    </message>
    <message>
        <source>请填写信息表审核不通过的原因</source>
        <translation>Enter why the information sheet did not pass review</translation>
    </message>
    <message>
        <source>转出地「%1」未写明省份：请按省市县填写，以省级行政区名称开头（如 湖南省长沙市）</source>
        <translation>The transferring region “%1” does not name its province: write province, city and county, starting with the province, in Chinese (e.g. Hunan Province, Changsha City)</translation>
    </message>
    <message>
        <source>转入地「%1」未写明省份：请按省市县填写，以省级行政区名称开头（如 湖南省长沙市）</source>
        <translation>The receiving region “%1” does not name its province: write province, city and county, starting with the province, in Chinese (e.g. Hunan Province, Changsha City)</translation>
    </message>
    <message>
        <source>转出地「%1」与本市同属广东省，不属于跨省转移接续，不能办理（5.4.1）</source>
        <translation>The transferring region “%1” is in Guangdong like Shenzhen: this is not a cross-province transfer and cannot be handled (5.4.1)</translation>
    </message>
    <message>
        <source>转入地「%1」与本市同属广东省，不属于跨省转移接续，不能办理（5.4.1）</source>
        <translation>The receiving region “%1” is in Guangdong like Shenzhen: this is not a cross-province transfer and cannot be handled (5.4.1)</translation>
    </message>
    <message>
        <source>划转日期「%1」不是有效日期或晚于今天，请按 YYYY-MM-DD 填写（如 %2）</source>
        <translation>The transfer date “%1” is not a valid date or is after today: enter it as YYYY-MM-DD (e.g. %2)</translation>
    </message>
    <message>
        <source>请选择送达方式：邮寄或窗口自取（6.5.1.3）</source>
        <translation>Choose how to deliver: by post or collected at the window (6.5.1.3)</translation>
    </message>
    <message>
        <source>邮寄送达须填写送达地址</source>
        <translation>Delivery by post needs an address</translation>
    </message>
    <message>
        <source>「%1」的核定数据不完整或有误：%2</source>
        <translation>The assessment data of “%1” are incomplete or wrong: %2</translation>
    </message>
    <message>
        <source>公示异议核查结果为不符合办理要求，应作出不予认定决定，不能办结</source>
        <translation>The objection's verification found the requirements not met: make a non-recognition decision; the case cannot be completed</translation>
    </message>
    <message>
        <source>尚有步骤未办理：%1</source>
        <translation>Steps not yet done: %1</translation>
    </message>
    <message>
        <source>「%1」没有不予认定的办理结果</source>
        <translation>“%1” has no non-recognition outcome</translation>
    </message>
    <message>
        <source>只有公示有异议且核查结果为不符合办理要求的，才能作出不予认定决定（6.6.1.1.1.3）</source>
        <translation>A non-recognition decision can be made only when the publicity drew an objection and its verification found the requirements not met (6.6.1.1.1.3)</translation>
    </message>
    <message>
        <source>请填写不予认定的理由</source>
        <translation>Enter the reason for non-recognition</translation>
    </message>
    <message>
        <source>办结后尚未送达，不能归档：%1</source>
        <translation>Not yet delivered after completion; cannot archive: %1</translation>
    </message>
    <message>
        <source>办结后尚有步骤未办理，不能归档：%1</source>
        <translation>Steps remain to be done after completion; cannot archive: %1</translation>
    </message>
    <message>
        <source>满意度评价须为 1 至 5 分</source>
        <translation>The satisfaction rating must be 1 to 5</translation>
    </message>
    <message>
        <source>作出受理决定（须先提交受理审核）</source>
        <translation>decide on acceptance (submit it for acceptance review first)</translation>
    </message>
    <message>
        <source>办理受理后的步骤</source>
        <translation>do the steps after acceptance</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>complete the case</translation>
    </message>
    <message>
        <source>作出不予认定决定</source>
        <translation>make a non-recognition decision</translation>
    </message>
    <message>
        <source>归档（须办结、不予认定或不予受理后归档）</source>
        <translation>archive it (a case is archived after completion, non-recognition or rejection)</translation>
    </message>
    <message>
        <source>评价（服务尚未完成受理审核）</source>
        <translation>rate the service (the acceptance review is not finished)</translation>
    </message>
    <message>
        <source>删除材料图像</source>
        <translation>delete material images</translation>
    </message>
    <message>
        <source>修改申请信息</source>
        <translation>change the application's details</translation>
    </message>
    <message>
        <source>勾选材料</source>
        <translation>tick materials</translation>
    </message>
    <message>
        <source>确认受理条件</source>
        <translation>confirm conditions</translation>
    </message>
    <message>
        <source>重新查询参保档案</source>
        <translation>look up the insurance record again</translation>
    </message>
    <message>
        <source>符合</source>
        <translation>met</translation>
    </message>
    <message>
        <source>不符合</source>
        <translation>not met</translation>
    </message>
    <message>
        <source>公示</source>
        <translation>publicity</translation>
    </message>
    <message>
        <source>核查</source>
        <translation>verification</translation>
    </message>
    <message>
        <source>请填写%1</source>
        <translation>Enter the %1</translation>
    </message>
    <message>
        <source>「%1」不接受%2申请，可申请的对象：%3</source>
        <translation>“%1” does not accept an application by: %2 (who may apply: %3)</translation>
    </message>
    <message>
        <source>「%1」没有情形「%2」</source>
        <translation>“%1” has no circumstance “%2”</translation>
    </message>
    <message>
        <source>情形「%1」不适用于%2</source>
        <translation>The circumstance “%1” does not apply to: %2</translation>
    </message>
    <message>
        <source>请选择「%1」的办理情形</source>
        <translation>Choose the circumstance of “%1”</translation>
    </message>
    <message>
        <source>「%1」一次只能选择一种情形</source>
        <translation>“%1” takes only one circumstance at a time</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>材料齐全且符合受理条件，可予受理</source>
        <translation>Materials complete and the acceptance conditions met: may be accepted</translation>
    </message>
    <message>
        <source>材料不齐全：%1 项需补齐补正</source>
        <translation>Materials incomplete: %1 item(s) to complete or correct</translation>
    </message>
    <message>
        <source>%1 项受理条件须先按业务指引办理</source>
        <translation>%1 acceptance condition(s) to be dealt with first as guided</translation>
    </message>
    <message>
        <source>材料不齐全：%1 项需补齐补正；另有 %2 项受理条件须先按业务指引办理</source>
        <translation>Materials incomplete: %1 item(s) to complete or correct; %2 acceptance condition(s) to be dealt with first as guided</translation>
    </message>
    <message>
        <source>不符合受理条件：%1</source>
        <translation>Acceptance conditions not met: %1</translation>
    </message>
    <message>
        <source>尚有 %1 项受理条件待确认</source>
        <translation>%1 acceptance condition(s) still to be confirmed</translation>
    </message>
    <message>
        <source>%1未提交</source>
        <translation>%1 not submitted</translation>
    </message>
    <message>
        <source>%1不符合要求：%2</source>
        <translation>%1 does not meet the requirements: %2</translation>
    </message>
    <message>
        <source>%1应为数字</source>
        <translation>%1 must be a number</translation>
    </message>
    <message>
        <source>%1应为整数</source>
        <translation>%1 must be a whole number</translation>
    </message>
    <message>
        <source>%1最多到分（两位小数）</source>
        <translation>%1 goes to the cent at most (two decimals)</translation>
    </message>
    <message>
        <source>%1最多%2位小数</source>
        <translation>%1 has at most %2 decimals</translation>
    </message>
    <message>
        <source>%1含有不能保存的控制字符或文字方向控制符（%2），请删除后重新输入</source>
        <translation>%1 contains control or text direction characters that cannot be saved (%2); delete them and type again</translation>
    </message>
    <message>
        <source>%1不能小于%2</source>
        <translation>%1 cannot be less than %2</translation>
    </message>
    <message>
        <source>%1不能大于%2</source>
        <translation>%1 cannot be more than %2</translation>
    </message>
    <message>
        <source>%1应为年月，如 2026-04</source>
        <translation>%1 must be a year and month, e.g. 2026-04</translation>
    </message>
    <message>
        <source>%1应为日期，如 2026-04-15</source>
        <translation>%1 must be a date, e.g. 2026-04-15</translation>
    </message>
    <message>
        <source>%1应为：%2</source>
        <translation>%1 must be one of: %2</translation>
    </message>
    <message>
        <source>%1尚未算出，不能确定缴费金额：请按规则计算的提示处理，或由经办人填写</source>
        <translation>Not yet calculated: %1; the contribution amounts cannot be set: follow the rules&apos; calculation note, or have the clerk enter them</translation>
    </message>
    <message>
        <source>%1尚未确定：请填写申报缴费基数，由规则计算缴费金额</source>
        <translation>Not yet set: %1; enter the declared contribution base and the rules calculate the amounts</translation>
    </message>
    <message>
        <source>「不满意」「非常不满意」的评价须说明原因</source>
        <translation>A “Dissatisfied” or “Very dissatisfied” rating needs the reason</translation>
    </message>
    <message>
        <source>只有科长（负责人）可以处理差评工单</source>
        <translation>Only a section chief (supervisor) can handle a complaint ticket</translation>
    </message>
    <message>
        <source>该工单已回访办结，不能再推进</source>
        <translation>This ticket has been followed up and closed; it cannot move on</translation>
    </message>
    <message>
        <source>该工单由 %1 负责，只有负责人可以推进</source>
        <translation>This ticket is owned by %1; only its owner can move it on</translation>
    </message>
    <message>
        <source>请填写本环节的处理情况</source>
        <translation>Enter what was done at this stage</translation>
    </message>
    <message>
        <source>没有差评工单 %1</source>
        <translation>No complaint ticket %1</translation>
    </message>
    <message>
        <source>参保档案中没有该人员，不能办理资格认证</source>
        <translation>The insurance record has no such person; the eligibility certification cannot be done</translation>
    </message>
    <message>
        <source>档案状态：已死亡，不能办理资格认证</source>
        <translation>Record status: deceased; the eligibility certification cannot be done</translation>
    </message>
    <message>
        <source>资格认证适用于已领取基本养老金或病残津贴的人员（档案状态须为已退休）</source>
        <translation>Eligibility certification is for people drawing a basic pension or disability allowance (the record&apos;s status must be retired)</translation>
    </message>
    <message>
        <source>该人员没有已采集的指纹模板（6.6.1.1.2.3），请改用照片比对</source>
        <translation>This person has no enrolled fingerprint template (6.6.1.1.2.3); use the photo comparison instead</translation>
    </message>
    <message>
        <source>指纹比对未通过，不能以指纹比对登记认证；请改用照片比对</source>
        <translation>The fingerprint did not match, so the certification cannot be recorded by fingerprint; use the photo comparison instead</translation>
    </message>
    <message>
        <source>照片比对须由经办人确认本人与档案（或身份证）照片一致</source>
        <translation>The photo comparison needs the clerk to confirm the person matches the record (or ID card) photo</translation>
    </message>
    <message>
        <source>认证方式“%1”不认识</source>
        <translation>Unknown certification method “%1”</translation>
    </message>
    <message>
        <source>认证方式“%1”不认识（指纹比对或照片比对）</source>
        <translation>Unknown certification method “%1” (fingerprint or photo comparison)</translation>
    </message>
    <message>
        <source>认证日期早于档案中最近一次认证日期</source>
        <translation>The certification date is earlier than the last certification in the record</translation>
    </message>
    <message>
        <source>资格认证结果尚未经中心确认（待同步，或被中心拒收尚待核对）：同步后再归档</source>
        <translation>The centre has not yet confirmed the certification result (waiting to sync, or refused by the centre and not yet followed here): sync before archiving</translation>
    </message>
    <message>
        <source>中心已停用本机的签名密钥，不能再登记上门认证，名单已从本机清除：请信息技术人员为该笔记本重新生成签名密钥（counter-app field new-key）后重新拉取名单</source>
        <translation>The centre has revoked this laptop's signing key: no home visit can be recorded and the roster has been removed from this laptop. Ask IT support to generate a new signing key for this laptop (counter-app field new-key), then pull the roster again</translation>
    </message>
    <message>
        <source>采集指纹或拍照前须向本人宣读采集告知并经本人同意（点击“已告知，本人同意”）</source>
        <translation>Before taking a fingerprint or a photo, read the consent notice to the person and obtain their consent (click “Notice read, the person agrees”)</translation>
    </message>
    <message>
        <source>名单中没有这项任务（可能已完成同步或已过期清除）</source>
        <translation>The roster has no such task (it may have been synced already or cleared after expiry)</translation>
    </message>
    <message>
        <source>档案中没有此人的指纹模板：请核对照片，并在备注中说明</source>
        <translation>The record has no fingerprint template for this person: compare the photo and say so in the note</translation>
    </message>
    <message>
        <source>请输入第二名工作人员的用户名和密码</source>
        <translation>Enter the second staff member&apos;s user name and password</translation>
    </message>
    <message>
        <source>两名工作人员必须是不同的人</source>
        <translation>The two staff members must be different people</translation>
    </message>
    <message>
        <source>第二名工作人员验证未通过：%1</source>
        <translation>The second staff member could not be verified: %1</translation>
    </message>
    <message>
        <source>第二名工作人员须为经办或外勤人员</source>
        <translation>The second staff member must be a clerk or a field worker</translation>
    </message>
    <message>
        <source>上门认证须由两名工作人员共同完成，两人都须在本机登录</source>
        <translation>A home visit takes two staff members, both signed in on this computer</translation>
    </message>
    <message>
        <source>请选择认证结果：%1</source>
        <translation>Choose the certification result: %1</translation>
    </message>
    <message>
        <source>请先核实上门地址</source>
        <translation>Confirm the visit address first</translation>
    </message>
    <message>
        <source>签名方式不正确</source>
        <translation>Invalid signature method</translation>
    </message>
    <message>
        <source>认证通过须读取本人社保卡或身份证芯片</source>
        <translation>A pass needs the person&apos;s social security card or ID card chip read</translation>
    </message>
    <message>
        <source>读到的卡与名单上的人不符</source>
        <translation>The card read does not match the person on the roster</translation>
    </message>
    <message>
        <source>指纹比对不一致，不能认证通过</source>
        <translation>The fingerprint did not match; the certification cannot pass</translation>
    </message>
    <message>
        <source>认证通过须指纹比对一致（档案中没有指纹模板时：拍照并由工作人员核对照片）</source>
        <translation>A pass needs a matching fingerprint (without a template in the record: a photo taken and compared by the staff)</translation>
    </message>
    <message>
        <source>认证通过须由本人签名（签名板，或在屏幕上用笔或鼠标签名）</source>
        <translation>A pass needs the person&apos;s signature (signature pad, or on screen with a pen or mouse)</translation>
    </message>
    <message>
        <source>上门时间晚于现在，请核对上门时间（以及本机的日期和时间）</source>
        <translation>The visit time is later than now; check the visit time (and this computer&apos;s date and time)</translation>
    </message>
    <message>
        <source>这项任务已经记录过上门认证</source>
        <translation>A home visit has already been recorded for this task</translation>
    </message>
    <message>
        <source>结果为“其他”时请在备注中说明</source>
        <translation>With the result “Other”, explain in the note</translation>
    </message>
    <message>
        <source>备注不能超过 500 个字</source>
        <translation>The note cannot exceed 500 characters</translation>
    </message>
    <message>
        <source>地址不能超过 200 个字</source>
        <translation>The address cannot be longer than 200 characters</translation>
    </message>
    <message>
        <source>地址中有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入</source>
        <translation>The address contains control or text-direction characters that cannot be saved (%1); delete them and type it again</translation>
    </message>
    <message>
        <source>备注中有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入</source>
        <translation>The note contains control or text-direction characters that cannot be saved (%1); delete them and type it again</translation>
    </message>
    <message>
        <source>上门时间早于本机拉取名单的时间（%1，北京时间）：请核对上门时间，以及本机的日期和时间是否准确</source>
        <translation>The visit time is earlier than when this computer pulled the roster (%1, Beijing time): check the visit time, and that this computer&apos;s date and time are right</translation>
    </message>
    <message>
        <source>档案中既没有此人的指纹模板，也没有照片，无法核对身份，不能认证通过：请选择其他认证结果并在备注中说明</source>
        <translation>The registry holds neither a fingerprint template nor a photo of this person, so their identity cannot be checked and the certification cannot pass: choose another result and explain in the note</translation>
    </message>
    <message>
        <source>照片或签名太大，请重新拍照（降低分辨率）</source>
        <translation>The photo or signature is too large; take the photo again (at a lower resolution)</translation>
    </message>
    <message>
        <source>请先联网登录，再拉取名单</source>
        <translation>Sign in online first, then pull the roster</translation>
    </message>
    <message>
        <source>待其他数据填齐后计算：%1</source>
        <translation>Calculated once the other data are filled in: %1</translation>
    </message>
    <message>
        <source>规则计算暂不能完成：请核对已填写的数据，或由经办人填写计算结果</source>
        <translation>The rules cannot complete the calculation: check the data entered, or have the clerk enter the results</translation>
    </message>
    <message>
        <source>实际缴费不足6个月（现有%1个月），深圳办法不予计发</source>
        <translation>Fewer than 6 months of actual contributions (%1 month(s) recorded): not payable under the Shenzhen rules</translation>
    </message>
    <message>
        <source>死亡日期 %1 晚于核定日期 %2，请核对</source>
        <translation>Date of death %1 is after the decision date %2: please check</translation>
    </message>
    <message>
        <source>%1%2与按已核定数据计算的结果不符：应为%3</source>
        <translation>%1 %2 does not match the figure the rules give from the other decided data: it should be %3</translation>
    </message>
    <message>
        <source>计发月数%1与退休（领取）年月%2时的年龄%3不符：按计发月数表应为%4</source>
        <translation>Months for calculation %1 do not match the age at the retirement month %2 (%3): by the months table it should be %4</translation>
    </message>
    <message>
        <source>计发月数%1与申请时（%2）的年龄%3不符：按计发月数表应为%4</source>
        <translation>Months for calculation %1 do not match the age at the application (%2), %3: by the months table it should be %4</translation>
    </message>
    <message>
        <source>退休（领取）年月%1早于法定退休年月%2（出生年月%3，法定退休年龄%4）：应不早于%2</source>
        <translation>Retirement month %1 is before the statutory retirement month %2 (born in %3, statutory retirement age %4): it should be %2 or later</translation>
    </message>
    <message>
        <source>退休（领取）年月%1早于弹性提前退休的最早年月%2（出生年月%3，法定退休年龄%4，最多提前3年且不低于原法定退休年龄）：应不早于%2</source>
        <translation>Retirement month %1 is before %2, the earliest month of flexible early retirement (born in %3, statutory retirement age %4; at most 3 years early and never below the original retirement age): it should be %2 or later</translation>
    </message>
    <message>
        <source>%1%2是档案按原核定数据得出的数值，%3已改变，请重新核定%1</source>
        <translation>%1 %2 is the record's figure from the former decided data; %3 changed since: please decide %1 again</translation>
    </message>
    <message>
        <source>%1%2低于费款所属期%3的缴费基数下限%4：应不低于%4</source>
        <translation>%1 %2 is below the contribution base floor of %4 in force for the contribution period %3: it should be at least %4</translation>
    </message>
    <message>
        <source>%1%2高于费款所属期%3的缴费基数上限%4：应不高于%4</source>
        <translation>%1 %2 is above the contribution base ceiling of %4 in force for the contribution period %3: it should be at most %4</translation>
    </message>
    <message>
        <source>计发月数 %1 与退休时年龄%2对应的 %3 不符，请核对</source>
        <translation>Months for calculation %1 do not match %3, the figure for the age at retirement (%2); please check</translation>
    </message>
    <message>
        <source>计发月数 %1 与申请时年龄%2对应的 %3 不符，请核对</source>
        <translation>Months for calculation %1 do not match %3, the figure for the age at application (%2); please check</translation>
    </message>
    <message>
        <source>退休年月 %1 不在按出生年月 %2 和人员类别可办理的 %3 之内，请核对（特殊工种提前退休、延长缴费等另有依据的除外）</source>
        <translation>Retirement month %1 is outside %3, the months open to someone born in %2 of this category; please check (unless special work types, extended contributions or the like provide otherwise)</translation>
    </message>
    <message>
        <source>参数“%1”在 %2 无有效取值：没有生效的参数值，请由管理员补录或更新参数</source>
        <translation>Parameter “%1” has no value in force on %2: no value is in force; have the administrator enter or update it</translation>
    </message>
    <message>
        <source>参数“%1”在 %2 无有效取值：该期间的数值尚未公布（%3），请先由管理员录入</source>
        <translation>Parameter “%1” has no value in force on %2: the value for that period has not been published yet (%3); have the administrator enter it first</translation>
    </message>
    <message>
        <source>费款所属期 %1：%2</source>
        <translation>Contribution period %1: %2</translation>
    </message>
    <message>
        <source>深圳市基本养老金计发基数</source>
        <translation>Shenzhen basic pension calculation base</translation>
    </message>
    <message>
        <source>养老保险单位缴费比例</source>
        <translation>Employer pension contribution rate</translation>
    </message>
    <message>
        <source>养老保险个人缴费比例</source>
        <translation>Individual pension contribution rate</translation>
    </message>
    <message>
        <source>缴费基数下限</source>
        <translation>Contribution base floor</translation>
    </message>
    <message>
        <source>缴费基数上限</source>
        <translation>Contribution base ceiling</translation>
    </message>
    <message>
        <source>丧葬补助金、抚恤金适用办法</source>
        <translation>Rules applied to the funeral grant and survivor's pension</translation>
    </message>
    <message>
        <source>深圳市上年度在岗职工月平均工资（深圳办法计发基数，元/月）</source>
        <translation>Shenzhen average monthly wage of employed workers, previous year (base under the Shenzhen rules, yuan/month)</translation>
    </message>
    <message>
        <source>广东省上年度城镇居民月人均可支配收入（国家办法计发基数，元/月）</source>
        <translation>Guangdong average monthly disposable income of urban residents, previous year (base under the national rules, yuan/month)</translation>
    </message>
    <message>
        <source>名单已过期，该条被拒收的上门认证记录已从本机清除（已过期清除），不能再发送；如仍需认证，请重新拉取名单</source>
        <translation>The roster has expired: this rejected home visit record was cleared from this laptop (expired and cleared) and can no longer be sent; if the person still needs certifying, pull the roster again</translation>
    </message>
    <message>
        <source>本地数据库已从备份恢复，原登录已注销：请先联网登录，从中心取得本工作站已用过的文号和办件编号，再办理业务（否则会重复使用中心已有的编号）</source>
        <translation>The local database was restored from a backup and the earlier sign-in ended: sign in online first, so that this workstation gets the document and case numbers it has already used from the centre, then do business (otherwise numbers the centre already holds would be used again)</translation>
    </message>
    <message>
        <source>该人员已有较新的上门认证记录（%1，北京时间），本条已被其取代，不再发送；其内容已从本机清除</source>
        <translation>There is a newer home visit record of this person (%1, Beijing time): this one is superseded by it and is not sent; its content was cleared from this laptop</translation>
    </message>
    <message>
        <source>中心发来的是分局 %1 的名单，不是本账号所属分局 %2 的：名单未保存，请联系信息技术人员</source>
        <translation>The centre sent the roster of office %1, not of this account's office %2: the roster was not saved. Please contact IT staff.</translation>
    </message>
    <message>
        <source>中心发来的名单有 %1 人，超过本机上限 %2 人：名单未保存，请联系信息技术人员</source>
        <translation>The centre's roster lists %1 persons, more than this laptop's limit of %2: the roster was not saved. Please contact IT staff.</translation>
    </message>
    <message>
        <source>中心发来的名单有效期（至 %1）不合理：名单未保存，请联系信息技术人员</source>
        <translation>The centre's roster has an implausible validity (until %1): the roster was not saved. Please contact IT staff.</translation>
    </message>
    <message>
        <source>%1最多%2个字（现有%3个字），请精简后重新输入</source>
        <translation>%1 takes at most %2 characters (%3 given); please shorten it</translation>
    </message>
    <message>
        <source>核查情况</source>
        <translation>The verification finding</translation>
    </message>
    <message>
        <source>公示异议</source>
        <translation>The publicity objection</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>The reason</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>The note</translation>
    </message>
    <message>
        <source>送达地址</source>
        <translation>The delivery address</translation>
    </message>
    <message>
        <source>本办件已评价（%1 分），每件只能评价一次</source>
        <translation>This case has already been rated (%1 points); a case can be rated only once</translation>
    </message>
    <message>
        <source>评价原因不能超过 %1 个字（现有 %2 个字）</source>
        <translation>The reason for the rating may be at most %1 characters (it has %2)</translation>
    </message>
    <message>
        <source>评价原因中有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入</source>
        <translation>The reason for the rating contains control or text-direction characters that cannot be saved (%1); delete them and type it again</translation>
    </message>
    <message>
        <source>处理情况不能超过 %1 个字（现有 %2 个字）</source>
        <translation>The handling note may be at most %1 characters (it has %2)</translation>
    </message>
    <message>
        <source>处理情况中有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入</source>
        <translation>The handling note contains control or text-direction characters that cannot be saved (%1); delete them and type it again</translation>
    </message>
    <message>
        <source>差评工单只有科长（负责人）和审计人员可以查看</source>
        <translation>Only a section chief (supervisor) or an auditor can view complaint tickets</translation>
    </message>
    <message>
        <source>只有审核主管（科长）可以撤销上门认证死亡报告</source>
        <translation>Only a section chief (supervisor) may withdraw a home-visit death report</translation>
    </message>
    <message>
        <source>上门认证死亡报告只有科长和审计人员可以查看</source>
        <translation>Only section chiefs and auditors may see the home-visit death reports</translation>
    </message>
    <message>
        <source>请填写撤销原因（如 经核实本人健在）</source>
        <translation>Enter the reason for the withdrawal (e.g. verified: the person is alive)</translation>
    </message>
    <message>
        <source>撤销原因不能超过 %1 个字（现有 %2 个字）</source>
        <translation>The reason may be at most %1 characters (it has %2)</translation>
    </message>
    <message>
        <source>死亡报告保存在中心：撤销死亡报告须联网登录</source>
        <translation>Death reports are kept at the centre: sign in online to withdraw one</translation>
    </message>
    <message>
        <source>打印文书</source>
        <translation>print documents</translation>
    </message>
    <message>
        <source>取回归档外移的办件</source>
        <translation>bring back a case moved out with the archive</translation>
    </message>
    <message>
        <source>提出审批申请</source>
        <translation>raise an approval request</translation>
    </message>
    <message>
        <source>作审批决定</source>
        <translation>make an approval decision</translation>
    </message>
    <message>
        <source>办理上门认证</source>
        <translation>handle home-visit certification</translation>
    </message>
    <message>
        <source>办理资格认证</source>
        <translation>handle qualification certification</translation>
    </message>
    <message>
        <source>处理差评工单</source>
        <translation>handle complaint tickets</translation>
    </message>
    <message>
        <source>撤销死亡报告</source>
        <translation>withdraw a death report</translation>
    </message>
    <message>
        <source>生成或更换分局电子签章密钥</source>
        <translation>create or replace the branch's signing key</translation>
    </message>
    <message>
        <source>更换外勤笔记本的签名密钥</source>
        <translation>replace a field laptop's signing key</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>无角色</source>
        <translation>no role</translation>
    </message>
    <message>
        <source>请填写撤回原因</source>
        <translation>Enter the reason for the withdrawal</translation>
    </message>
    <message>
        <source>撤回原因不能超过 %1 个字</source>
        <translation>The reason for the withdrawal cannot be longer than %1 characters</translation>
    </message>
    <message>
        <source>本机没有这条上门认证记录</source>
        <translation>This home visit is not recorded on this computer</translation>
    </message>
    <message>
        <source>只有记录这条上门认证的工作人员（%1）可以撤回</source>
        <translation>Only the staff member who recorded this home visit (%1) can withdraw it</translation>
    </message>
    <message>
        <source>这条上门认证记录已发送或可能已送达中心，不能在本机撤回：请联系中心核对更正</source>
        <translation>This home visit has been sent or may have reached the centre and cannot be withdrawn here: ask the centre to check and correct it</translation>
    </message>
    <message>
        <source>未同步记录已导出到文件，这条上门认证记录可能随文件送达中心，不能在本机撤回：请联系中心核对更正</source>
        <translation>The unsynced records were exported to a file, so this home visit may reach the centre with it and cannot be withdrawn here: ask the centre to check and correct it</translation>
    </message>
    <message>
        <source>办件 %1 没有待确认的中心拒收资格认证结果（可能已由他人确认）</source>
        <translation>Case %1 has no refused certification waiting to be acknowledged (someone may have acknowledged it already)</translation>
    </message>
</context>
<context>
    <name>CentreWords</name>
    <message>
        <source>上门认证申请内容不完整：%1 %2</source>
        <translation>The home-visit request is incomplete: %1 %2</translation>
    </message>
    <message>
        <source>上门认证申请编号与内容不一致</source>
        <translation>The home-visit request's number does not match its content</translation>
    </message>
    <message>
        <source>上门认证申请的经办人（%1）与记录该申请的账号（%2）不一致</source>
        <translation>The home-visit request names %1 as the clerk, but it was recorded by the account %2</translation>
    </message>
    <message>
        <source>由经办人本人登录后重新申请</source>
        <translation>Have the clerk sign in and request again</translation>
    </message>
    <message>
        <source>上门认证申请未登记：%1</source>
        <translation>The home-visit request was not registered: %1</translation>
    </message>
    <message>
        <source>评价期间的结束日期（%1）早于开始日期（%2）</source>
        <translation>The period ends (%1) before it begins (%2)</translation>
    </message>
    <message>
        <source>评价期间最长 %1 天（现为 %2 天），请分段查看</source>
        <translation>A period is at most %1 days long (this one is %2 days): look at it in parts</translation>
    </message>
    <message>
        <source>请选择评价期间的开始和结束日期</source>
        <translation>Choose the first and the last day of the period</translation>
    </message>
    <message>
        <source>改正评价期间的起止日期</source>
        <translation>Correct the first and last day of the period</translation>
    </message>
    <message>
        <source>%1 %2 中心已有另一%3使用，不能重复</source>
        <translation>%1 %2 is already used by another %3 at the centre and cannot be used again</translation>
    </message>
    <message>
        <source>本工作站的数据可能曾从备份恢复而未先联网登录：请联网登录并同步后再办理；该笔业务请联系信息技术人员核对（中心未保存这条记录）</source>
        <translation>This workstation&apos;s data may have been restored from a backup without an online sign-in first: sign in online and sync before further business; have IT staff check this entry (the centre did not keep it)</translation>
    </message>
    <message>
        <source>%1 未发布：柜面不读取这个名称的参考数据（材料清单在业务目录 catalog 中）。可发布的名称：%2</source>
        <translation>%1 not published: the counters do not read reference data of this name (the materials lists are in the catalog). Names that can be published: %2</translation>
    </message>
    <message>
        <source>%1 未发布：中心没有分局 %2（已登记的分局：%3；先用 counter-central offices add 登记，或改正分局代码）</source>
        <translation>%1 not published: the centre has no office %2 (registered offices: %3; register it first with counter-central offices add, or correct the office code)</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>document number</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>case number</translation>
    </message>
    <message>
        <source>文书</source>
        <translation>document</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>case</translation>
    </message>
    <message>
        <source>该办件没有等待审批的「%1」申请：审批决定须针对经办人提出的审批申请，不能单独作出</source>
        <translation>This case has no pending “%1” request: an approval decision must answer a request the clerk raised and cannot be made on its own</translation>
    </message>
    <message>
        <source>该更新所指的审批申请（%1）不是该办件正在等待审批的「%2」申请</source>
        <translation>The approval request this update names (%1) is not the case&apos;s pending “%2” request</translation>
    </message>
    <message>
        <source>审批决定所附的%1与经办人提出的审批申请不一致：批准只能按申请中的内容办理，不能改动</source>
        <translation>The decision&apos;s %1 differs from the clerk&apos;s approval request: an approval carries out what was requested and cannot change it</translation>
    </message>
    <message>
        <source>按经办人提出的审批申请作出决定（审批队列或 approvals decide）</source>
        <translation>Decide the clerk&apos;s approval request (the approvals queue or approvals decide)</translation>
    </message>
    <message>
        <source>办理步骤</source>
        <translation>step</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>result</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>reasons</translation>
    </message>
    <message>
        <source>核定数据</source>
        <translation>decision data</translation>
    </message>
    <message>
        <source>同一编号的记录已收到，但内容不同（记录在发送后被修改过）</source>
        <translation>A record with this number was already received with different content (the record was changed after it was sent)</translation>
    </message>
    <message>
        <source>不要重复使用编号：修改后的内容作为新记录发送（客户端会自动处理）；如仍出现请联系信息技术人员</source>
        <translation>Do not reuse a record number: changed content is sent as a new record (the client does this itself); if this keeps happening, contact IT support</translation>
    </message>
    <message>
        <source>经办人 %1 不是窗口经办人或科长（%2），不能办理窗口业务</source>
        <translation>The clerk %1 is not a counter clerk or supervisor (%2) and may not do counter business</translation>
    </message>
    <message>
        <source>由窗口经办人或科长重新办理；核对该账号的角色，并检查该工作站的使用记录</source>
        <translation>Have a counter clerk or supervisor handle it again; check the account's roles and this workstation's use</translation>
    </message>
    <message>
        <source>由有该岗位权限的人员重新办理；核对该账号的角色，并检查该工作站的使用记录</source>
        <translation>Have someone whose role allows it handle it again; check the account's roles and this workstation's use</translation>
    </message>
    <message>
        <source>办件属于分局 %1，本工作站属于分局 %2</source>
        <translation>The case belongs to branch %1; this workstation belongs to branch %2</translation>
    </message>
    <message>
        <source>只能办理本分局的办件</source>
        <translation>Only cases of your own branch can be handled</translation>
    </message>
    <message>
        <source>没有「%1」这个办件状态</source>
        <translation>There is no case state 「%1」</translation>
    </message>
    <message>
        <source>from_state 应为状态名称</source>
        <translation>from_state must be a state name</translation>
    </message>
    <message>
        <source>办件在中心的当前状态为%1，本操作要求当前状态为「%2」</source>
        <translation>At the centre the case is now %1; this action needs it to be 「%2」</translation>
    </message>
    <message>
        <source>先同步以取得办件最新状态，再按最新状态重新办理</source>
        <translation>Sync first to get the case's latest state, then handle it again from that state</translation>
    </message>
    <message>
        <source>不允许从「%1」变为「%2」</source>
        <translation>A case cannot go from 「%1」 to 「%2」</translation>
    </message>
    <message>
        <source>核对业务流程；如确需办理请联系科长</source>
        <translation>Check the procedure; if this must be done, contact the section chief</translation>
    </message>
    <message>
        <source>内容摘要与内容不符（传输中损坏或客户端错误）</source>
        <translation>The content does not match its digest (damaged in transit or a client error)</translation>
    </message>
    <message>
        <source>重试发送；如反复出现请联系信息技术人员</source>
        <translation>Send again; if this keeps happening, contact IT support</translation>
    </message>
    <message>
        <source>%1 的数值超出范围或不是有效数字（如 NaN、Infinity），不能保存</source>
        <translation>The number at %1 is out of range or not a valid number (such as NaN or Infinity) and cannot be saved</translation>
    </message>
    <message>
        <source>请联系信息技术人员核对该业务的数据</source>
        <translation>Ask IT support to check this record's data</translation>
    </message>
    <message>
        <source>文号 %1 不是本工作站（%2）开具的</source>
        <translation>Document number %1 was not issued by this workstation (%2)</translation>
    </message>
    <message>
        <source>核对文号；如反复出现请联系信息技术人员</source>
        <translation>Check the document number; if this keeps happening, contact IT support</translation>
    </message>
    <message>
        <source>登录的工作站与提交数据的工作站不一致</source>
        <translation>The workstation signed in is not the workstation that sent the data</translation>
    </message>
    <message>
        <source>在本工作站重新登录后再同步</source>
        <translation>Sign in again on this workstation, then sync</translation>
    </message>
    <message>
        <source>审计人员只能查看，不能提交业务数据</source>
        <translation>Auditors can only view; they cannot submit business data</translation>
    </message>
    <message>
        <source>由经办人员登录后同步</source>
        <translation>Have a clerk sign in and sync</translation>
    </message>
    <message>
        <source>没有权限执行此操作</source>
        <translation>You are not permitted to do this</translation>
    </message>
    <message>
        <source>需要角色：%1</source>
        <translation>Role needed: %1</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>请先登录</source>
        <translation>Sign in first</translation>
    </message>
    <message>
        <source>登录已过期或已注销</source>
        <translation>The sign-in has expired or was signed out</translation>
    </message>
    <message>
        <source>重新登录</source>
        <translation>Sign in again</translation>
    </message>
    <message>
        <source>该登录凭据已被使用过，为安全起见本次登录已全部注销</source>
        <translation>This sign-in credential was already used; for safety, this sign-in has been signed out everywhere</translation>
    </message>
    <message>
        <source>该账号已停用</source>
        <translation>This account has been disabled</translation>
    </message>
    <message>
        <source>联系系统管理员</source>
        <translation>Contact the system administrator</translation>
    </message>
    <message>
        <source>用户名或密码不正确</source>
        <translation>Wrong username or password</translation>
    </message>
    <message>
        <source>核对用户名和密码后重新登录</source>
        <translation>Check the username and password, then sign in again</translation>
    </message>
    <message>
        <source>连续 %1 次密码错误，账号已锁定至 %2（北京时间）</source>
        <translation>Wrong password %1 times in a row: the account is locked until %2 (Beijing time)</translation>
    </message>
    <message>
        <source>稍后再试，或请系统管理员重置密码</source>
        <translation>Try again later, or ask the system administrator to reset the password</translation>
    </message>
    <message>
        <source>科长和管理员须使用动态验证码登录，该账号尚未开通</source>
        <translation>Section chiefs and administrators must sign in with a one-time code, and this account has not been set up for one yet</translation>
    </message>
    <message>
        <source>请系统管理员开通动态验证码（counter-central users totp-enrol）</source>
        <translation>Ask the system administrator to set up the one-time code (counter-central users totp-enrol)</translation>
    </message>
    <message>
        <source>请输入动态验证码（身份验证器上的 6 位数字）</source>
        <translation>Please enter the one-time code (the 6 digits on the authenticator)</translation>
    </message>
    <message>
        <source>输入动态验证码后重新登录</source>
        <translation>Enter the one-time code and sign in again</translation>
    </message>
    <message>
        <source>动态验证码不正确或已使用过</source>
        <translation>The one-time code is wrong or has already been used</translation>
    </message>
    <message>
        <source>等身份验证器显示新的验证码后重新登录</source>
        <translation>Wait for the authenticator to show a new code, then sign in again</translation>
    </message>
    <message>
        <source>只有本分局的科长（supervisor）或管理员可以登记工作站</source>
        <translation>Only a section chief (supervisor) or administrator of the branch can register a workstation</translation>
    </message>
    <message>
        <source>请科长或管理员登记</source>
        <translation>Ask a section chief or administrator to register it</translation>
    </message>
    <message>
        <source>分局代码 %1 不存在</source>
        <translation>There is no branch code %1</translation>
    </message>
    <message>
        <source>核对分局代码</source>
        <translation>Check the branch code</translation>
    </message>
    <message>
        <source>工作站 %1 已登记在分局 %2</source>
        <translation>Workstation %1 is already registered with branch %2</translation>
    </message>
    <message>
        <source>换用新的工作站编号，或请管理员处理</source>
        <translation>Use a new workstation number, or ask an administrator</translation>
    </message>
    <message>
        <source>工作站 %1 已停用</source>
        <translation>Workstation %1 has been retired</translation>
    </message>
    <message>
        <source>换用新的工作站编号</source>
        <translation>Use a new workstation number</translation>
    </message>
    <message>
        <source>工作站 %1 未登记</source>
        <translation>Workstation %1 is not registered</translation>
    </message>
    <message>
        <source>请管理员先登记本工作站（counter-central workstations add）</source>
        <translation>Ask an administrator to register this workstation first (counter-central workstations add)</translation>
    </message>
    <message>
        <source>请在已登记的工作站上登录</source>
        <translation>Sign in on a registered workstation</translation>
    </message>
    <message>
        <source>工作站 %1 属于分局 %2，本账号属于分局 %3</source>
        <translation>Workstation %1 belongs to branch %2; this account belongs to branch %3</translation>
    </message>
    <message>
        <source>请在本分局的工作站上登录</source>
        <translation>Sign in on a workstation of your own branch</translation>
    </message>
    <message>
        <source>只能处理本分局（%1）的办件</source>
        <translation>Only cases of your own branch (%1) can be handled</translation>
    </message>
    <message>
        <source>请由该分局的科长处理</source>
        <translation>Have a section chief of that branch handle it</translation>
    </message>
    <message>
        <source>办件属于分局 %1，不能由分局 %2 处理</source>
        <translation>The case belongs to branch %1 and cannot be handled by branch %2</translation>
    </message>
    <message>
        <source>审批人不能是经办人本人</source>
        <translation>The approver cannot be the clerk who handled the case</translation>
    </message>
    <message>
        <source>请由另一位科长审批</source>
        <translation>Have another section chief approve it</translation>
    </message>
    <message>
        <source>核对目标状态</source>
        <translation>Check the target state</translation>
    </message>
    <message>
        <source>办件在中心的当前状态为「%1」，不能变为「%2」</source>
        <translation>At the centre the case is now 「%1」 and cannot become 「%2」</translation>
    </message>
    <message>
        <source>先同步以取得办件最新状态，再按业务流程办理</source>
        <translation>Sync first to get the case's latest state, then follow the procedure</translation>
    </message>
    <message>
        <source>更新内容无法保存（嵌套过深或包含无效字符）</source>
        <translation>The update cannot be saved (nested too deeply or containing invalid characters)</translation>
    </message>
    <message>
        <source>核对更新内容</source>
        <translation>Check the update</translation>
    </message>
    <message>
        <source>参考数据 %1 版本 %2 已发布且内容不同</source>
        <translation>Reference data %1 version %2 is already published with different content</translation>
    </message>
    <message>
        <source>使用新的版本号发布</source>
        <translation>Publish under a new version number</translation>
    </message>
    <message>
        <source>没有参考数据 %1 版本 %2</source>
        <translation>There is no reference data %1 version %2</translation>
    </message>
    <message>
        <source>没有参考数据 %1</source>
        <translation>There is no reference data %1</translation>
    </message>
    <message>
        <source>核对名称与版本</source>
        <translation>Check the name and version</translation>
    </message>
    <message>
        <source>结构不符合要求</source>
        <translation>its structure is not as required</translation>
    </message>
    <message>
        <source>只能查看本分局（%1）的数据</source>
        <translation>Only your own branch's (%1) data can be viewed</translation>
    </message>
    <message>
        <source>登录本分局的账号</source>
        <translation>Sign in with an account of that branch</translation>
    </message>
    <message>
        <source>没有该审核事项</source>
        <translation>There is no such review item</translation>
    </message>
    <message>
        <source>核对事项编号</source>
        <translation>Check the item number</translation>
    </message>
    <message>
        <source>由本分局经办人初审</source>
        <translation>A clerk of the branch makes the first review</translation>
    </message>
    <message>
        <source>由本分局另一位科长复核</source>
        <translation>Another section chief of the branch reviews it again</translation>
    </message>
    <message>
        <source>电子社保卡平台暂时无法核验。</source>
        <translation>The electronic social security card platform cannot verify right now.</translation>
    </message>
    <message>
        <source>请读取实体社保卡或身份证。</source>
        <translation>Read the physical social security card or the ID card.</translation>
    </message>
    <message>
        <source>在该工作站运行 counter-app audit verify，并报告信息安全管理员</source>
        <translation>Run counter-app audit verify on that workstation and report to the information security officer</translation>
    </message>
    <message>
        <source>审批记录内容不完整：%1 %2</source>
        <translation>The approval record is incomplete: %1 %2</translation>
    </message>
    <message>
        <source>中心不认识的审批记录类型：%1</source>
        <translation>The centre does not know this kind of approval record: %1</translation>
    </message>
    <message>
        <source>联系信息技术人员</source>
        <translation>Contact IT support</translation>
    </message>
    <message>
        <source>请联系信息技术人员</source>
        <translation>Please contact IT support</translation>
    </message>
    <message>
        <source>该审批申请编号已存在</source>
        <translation>An approval request with this number already exists</translation>
    </message>
    <message>
        <source>审批申请的经办人与提交人不一致</source>
        <translation>The approval request's clerk is not the user who sent it</translation>
    </message>
    <message>
        <source>由经办人本人重新提出申请</source>
        <translation>Have the clerk make the request again in person</translation>
    </message>
    <message>
        <source>该办件已有同一事项的审批申请在等待审批，不能重复申请</source>
        <translation>This case already has a request for the same matter waiting for approval; it cannot be requested twice</translation>
    </message>
    <message>
        <source>等待负责人审批，或先撤回原申请</source>
        <translation>Wait for the approver's decision, or withdraw the earlier request first</translation>
    </message>
    <message>
        <source>审批人应为账号名称</source>
        <translation>The approver must be an account name</translation>
    </message>
    <message>
        <source>「%1」须经负责人审批（分级授权），该记录没有审批人</source>
        <translation>「%1」 needs an approver's decision (graded authorisation), and this record names no approver</translation>
    </message>
    <message>
        <source>由负责人现场授权或集中授权后再办理</source>
        <translation>Have an approver authorise it on site or remotely, then handle it</translation>
    </message>
    <message>
        <source>中心没有负责人 %1 批准该办件「%2」的审批记录，不能确认该决定经过审批</source>
        <translation>The centre has no record of approver %1 approving 「%2」 for this case, so it cannot confirm the decision was approved</translation>
    </message>
    <message>
        <source>该记录的%1与负责人 %2 批准的「%3」审批申请不一致：批准只能按申请中的内容办理，不能改动</source>
        <translation>The %1 of this record differs from the 「%3」 approval request that approver %2 approved: an approval covers only what the request asked, unchanged</translation>
    </message>
    <message>
        <source>负责人 %1 批准的「%2」审批申请已用于该办件的另一条记录：一次批准只能办理一次</source>
        <translation>The 「%2」 approval request that approver %1 approved has already been used for another record of this case: one approval covers one record only</translation>
    </message>
    <message>
        <source>如需再次办理，请重新提出审批申请</source>
        <translation>To record it again, raise a new approval request</translation>
    </message>
    <message>
        <source>按批准的审批申请办理，或重新提出审批申请</source>
        <translation>Record it as the approved request says, or raise a new approval request</translation>
    </message>
    <message>
        <source>中心没有该办件以下步骤已完成的记录，不能办结：%1</source>
        <translation>The centre holds no record that these steps of the case are done, so it cannot be completed: %1</translation>
    </message>
    <message>
        <source>中心没有该办件以下步骤已完成的记录，不能归档：%1</source>
        <translation>The centre holds no record that these steps of the case are done, so it cannot be archived: %1</translation>
    </message>
    <message>
        <source>该办件的核查结论为不符合条件，不能办结</source>
        <translation>The verification found the case ineligible; it cannot be completed</translation>
    </message>
    <message>
        <source>中心没有该办件核查结论为不符合条件的记录，不能作出不予认定</source>
        <translation>The centre holds no verification finding the case ineligible, so no non-recognition decision can be made</translation>
    </message>
    <message>
        <source>事项「%1」没有不予认定，不能作出不予认定</source>
        <translation>The service 「%1」 has no non-recognition decision; none can be made</translation>
    </message>
    <message>
        <source>中心没有该办件的服务事项记录，不能确认所需的步骤已完成</source>
        <translation>The centre holds no record of the case's service, so it cannot confirm that the required steps are done</translation>
    </message>
    <message>
        <source>中心的服务事项目录中没有事项「%1」，不能确认所需的步骤已完成</source>
        <translation>The centre's service catalog has no service 「%1」, so it cannot confirm that the required steps are done</translation>
    </message>
    <message>
        <source>先同步该办件已办理的步骤，完成所需步骤后再办理；如仍出现请联系信息技术人员</source>
        <translation>Sync the steps done on the case first and finish the required steps, then try again; if it persists, contact IT support</translation>
    </message>
    <message>
        <source>按核查结论办理（不予认定）；如结论有误请联系科长</source>
        <translation>Act on the verification finding (non-recognition); if the finding is wrong, contact the section chief</translation>
    </message>
    <message>
        <source>该记录注明了审批人 %1，但不是需要审批的事项（审批点），中心不能确认所注明的审批</source>
        <translation>This record names approver %1, but it is no matter that needs approval (approval point), so the centre cannot confirm the approval it names</translation>
    </message>
    <message>
        <source>核对该记录；如仍出现请联系信息技术人员</source>
        <translation>Check the record; if this happens again, contact IT support</translation>
    </message>
    <message>
        <source>中心没有负责人 %1 批准该办件的审批记录，不能确认该决定经过审批</source>
        <translation>The centre has no record of approver %1 approving this case, so it cannot confirm the decision was approved</translation>
    </message>
    <message>
        <source>先同步审批申请和审批决定；如仍出现请联系信息技术人员</source>
        <translation>Sync the approval requests and decisions first; if this keeps happening, contact IT support</translation>
    </message>
    <message>
        <source>审批人 %1 不是有效的账号</source>
        <translation>Approver %1 is not a valid account</translation>
    </message>
    <message>
        <source>该审批申请属于 %1，不能由其他分局（%2）的工作站处理</source>
        <translation>This approval request belongs to %1 and cannot be handled by a workstation of another branch (%2)</translation>
    </message>
    <message>
        <source>现场授权缺少审批人本人的验证（审批人须在本工作站输入自己的密码），不能确认是审批人本人作出的决定</source>
        <translation>The on-site authorisation lacks the approver's own verification (the approver must type their own password on this workstation), so it cannot be confirmed that the approver made the decision</translation>
    </message>
    <message>
        <source>现场授权的审批人验证不符：不能确认该决定是审批人本人在本工作站作出的</source>
        <translation>The approver's verification of the on-site authorisation does not match: it cannot be confirmed that the approver made the decision on this workstation</translation>
    </message>
    <message>
        <source>中心没有该审批申请</source>
        <translation>The centre does not have this approval request</translation>
    </message>
    <message>
        <source>先同步审批申请</source>
        <translation>Sync the approval requests first</translation>
    </message>
    <message>
        <source>在提出申请的分局现场授权，或由本分局负责人集中授权</source>
        <translation>Authorise on site at the branch that made the request, or have an approver of that branch authorise it remotely</translation>
    </message>
    <message>
        <source>该审批申请在决定前已过期（%1）</source>
        <translation>This approval request expired before it was decided (%1)</translation>
    </message>
    <message>
        <source>提出后超过 %1 小时未审批</source>
        <translation>not decided within %1 hours of the request</translation>
    </message>
    <message>
        <source>审批决定针对的内容与申请不一致（申请提出后内容被改动）</source>
        <translation>The decision is about other content than the request (the content was changed after the request was made)</translation>
    </message>
    <message>
        <source>由有权限的负责人重新审批</source>
        <translation>Have an approver with the authority decide it again</translation>
    </message>
    <message>
        <source>由经办人在本分局的工作站撤回</source>
        <translation>Have the clerk withdraw it on a workstation of the branch</translation>
    </message>
    <message>
        <source>该审批申请%1，不能撤回</source>
        <translation>This approval request is %1 and cannot be withdrawn</translation>
    </message>
    <message>
        <source>只有经办人本人可以撤回审批申请</source>
        <translation>Only the clerk who made the request can withdraw it</translation>
    </message>
    <message>
        <source>没有该审批申请</source>
        <translation>There is no such approval request</translation>
    </message>
    <message>
        <source>核对申请编号</source>
        <translation>Check the request number</translation>
    </message>
    <message>
        <source>该审批申请已过期（%1），不能再作决定</source>
        <translation>This approval request has expired (%1) and can no longer be decided</translation>
    </message>
    <message>
        <source>请经办人重新提出审批申请</source>
        <translation>Have the clerk make the approval request again</translation>
    </message>
    <message>
        <source>由有权限的负责人审批</source>
        <translation>Have an approver with the authority decide it</translation>
    </message>
    <message>
        <source>该审批申请%1，不能再作决定</source>
        <translation>This approval request is %1 and can no longer be decided</translation>
    </message>
    <message>
        <source>审批人不能是经办人本人：不能审批自己提出的申请</source>
        <translation>The approver cannot be the clerk: you cannot approve your own request</translation>
    </message>
    <message>
        <source>审批人不能是经办人本人：该申请是以您的账号提交到中心的，不能由您审批</source>
        <translation>The approver cannot be the clerk: this request was sent to the centre under your account, so you cannot approve it</translation>
    </message>
    <message>
        <source>审批人不能是经办人本人：您参与了该申请的办理（如认证、上门认证），不能由您审批</source>
        <translation>The approver cannot be the clerk: you took part in this request's handling (such as a certification or home visit), so you cannot approve it</translation>
    </message>
    <message>
        <source>只有科长（负责人）可以审批</source>
        <translation>Only a section chief (approver) can decide</translation>
    </message>
    <message>
        <source>只能审批本分局（%1）的申请，该申请属于 %2</source>
        <translation>You can only decide requests of your own branch (%1); this request belongs to %2</translation>
    </message>
    <message>
        <source>审批级别不足：该事项须由%1（%2 级）审批，您的级别为 %3</source>
        <translation>Authority too low: this matter must be decided by a %1 (level %2); your level is %3</translation>
    </message>
    <message>
        <source>请填写审批意见（理由）</source>
        <translation>Please enter approval comments (reason)</translation>
    </message>
    <message>
        <source>笔记本电脑的签名公钥格式不正确</source>
        <translation>The laptop's signing public key is not in the right format</translation>
    </message>
    <message>
        <source>在笔记本电脑上重新拉取名单</source>
        <translation>Pull the roster again on the laptop</translation>
    </message>
    <message>
        <source>档案中没有此人，无法申请上门认证</source>
        <translation>This person is not in the records; a home visit cannot be requested</translation>
    </message>
    <message>
        <source>核对证件号码</source>
        <translation>Check the ID number</translation>
    </message>
    <message>
        <source>此人不是退休人员（不领取养老待遇），无需资格认证</source>
        <translation>This person is not retired (draws no pension) and needs no certification</translation>
    </message>
    <message>
        <source>该记录不能入库；请在笔记本电脑上核查（counter-app field visits）并重新上门认证</source>
        <translation>This record cannot be stored; check it on the laptop (counter-app field visits) and certify at home again</translation>
    </message>
    <message>
        <source>上门认证记录内容不完整</source>
        <translation>The home-visit record is incomplete</translation>
    </message>
    <message>
        <source>上门认证记录不符合要求（编号、结果或两名工作人员）</source>
        <translation>The home-visit record is not as required (number, result or the two staff members)</translation>
    </message>
    <message>
        <source>上门认证记录的上门时间超出范围</source>
        <translation>The home-visit record's visit time is out of range</translation>
    </message>
    <message>
        <source>在笔记本电脑上核对日期和时间后重新上门认证</source>
        <translation>Check the laptop's date and time, then certify at home again</translation>
    </message>
    <message>
        <source>中心不认识的认证记录类型：%1</source>
        <translation>The centre does not know this kind of certification record: %1</translation>
    </message>
    <message>
        <source>认证记录内容不完整：%1 %2</source>
        <translation>The certification record is incomplete: %1 %2</translation>
    </message>
    <message>
        <source>认证记录编号与内容不一致</source>
        <translation>The certification record's number does not match its content</translation>
    </message>
    <message>
        <source>认证时间超出范围</source>
        <translation>The certification time is out of range</translation>
    </message>
    <message>
        <source>核对本机的日期和时间后重新认证</source>
        <translation>Check this computer's date and time, then certify again</translation>
    </message>
    <message>
        <source>参保档案中没有该人员，无法登记认证结果</source>
        <translation>This person is not in the insurance records; the certification cannot be recorded</translation>
    </message>
    <message>
        <source>核对证件号码后重新认证</source>
        <translation>Check the ID number, then certify again</translation>
    </message>
    <message>
        <source>该人员不是领取待遇的退休人员（或已死亡），不能登记资格认证</source>
        <translation>This person is not a retired person drawing a pension (or has died); the certification cannot be recorded</translation>
    </message>
    <message>
        <source>认证记录的经办人（%1）与记录该认证的账号（%2）不一致</source>
        <translation>The certification names %1 as the clerk, but it was recorded by the account %2</translation>
    </message>
    <message>
        <source>由经办人本人登录后重新认证</source>
        <translation>Have the clerk sign in and certify again</translation>
    </message>
    <message>
        <source>核对参保档案</source>
        <translation>Check the insurance records</translation>
    </message>
    <message>
        <source>中心服务拒收（%1）：%2</source>
        <translation>The centre refused it (%1): %2</translation>
    </message>
    <message>
        <source>核对该记录内容；修改后点「重试」，或联系信息技术人员</source>
        <translation>Check this record; after correcting it press 「Retry」, or contact IT support</translation>
    </message>
    <message>
        <source>需要重新登录：%1</source>
        <translation>Sign in again: %1</translation>
    </message>
    <message>
        <source>需要重新登录中心服务：%1</source>
        <translation>Sign in to the centre again: %1</translation>
    </message>
    <message>
        <source>尚未联网登录中心服务，请先运行 counter-app login 用户名</source>
        <translation>Not yet signed in to the centre online; run counter-app login with the username first</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>中心服务暂时不可用（%1）：%2</source>
        <translation>The centre is unavailable for now (%1): %2</translation>
    </message>
    <message>
        <source>连接中心服务超时：中心没有及时响应，稍后会自动重试。</source>
        <translation>Connecting to the centre timed out: it did not answer in time. It will be retried automatically.</translation>
    </message>
    <message>
        <source>与中心服务的连接中断，稍后会自动重试。</source>
        <translation>The connection to the centre was lost. It will be retried automatically.</translation>
    </message>
    <message>
        <source>未登录中心服务</source>
        <translation>Not signed in to the centre</translation>
    </message>
    <message>
        <source>审计记录链不连续或被改动：%1</source>
        <translation>The audit record chain has a gap or was changed: %1</translation>
    </message>
    <message>
        <source>请求格式不正确</source>
        <translation>The request is not in the right format</translation>
    </message>
    <message>
        <source>请求格式不正确：%1</source>
        <translation>The request is not in the right format: %1</translation>
    </message>
    <message>
        <source>核对请求内容</source>
        <translation>Check the request's content</translation>
    </message>
    <message>
        <source>请求内容过大（上限 %1 KB）</source>
        <translation>The request is too large (at most %1 KB)</translation>
    </message>
    <message>
        <source>分批提交；如反复出现请联系信息技术人员</source>
        <translation>Send it in smaller batches; if this keeps happening, contact IT support</translation>
    </message>
    <message>
        <source>请求内容不是有效的 UTF-8 编码</source>
        <translation>The request is not valid UTF-8</translation>
    </message>
    <message>
        <source>以 UTF-8 编码发送请求</source>
        <translation>Send the request encoded as UTF-8</translation>
    </message>
    <message>
        <source>请求内容嵌套过深（上限 %1 层）</source>
        <translation>The request is nested too deeply (at most %1 levels)</translation>
    </message>
    <message>
        <source>请求内容包含无效的 Unicode 字符（单独的代理项）</source>
        <translation>The request contains invalid Unicode characters (lone surrogates)</translation>
    </message>
    <message>
        <source>中心服务繁忙，请稍后再试</source>
        <translation>The centre is busy; please try again later</translation>
    </message>
    <message>
        <source>客户端将在约 %1 秒后自动重试（随机错开），无需操作</source>
        <translation>The client will retry by itself in about %1 seconds (spread at random); nothing to do</translation>
    </message>
    <message>
        <source>（中心尚无此办件）</source>
        <translation>(not yet at the centre)</translation>
    </message>
    <message>
        <source>新办件</source>
        <translation>a new case</translation>
    </message>
    <message>
        <source>该事项</source>
        <translation>this matter</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>not registered</translation>
    </message>
    <message>
        <source>待审批</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>已批准</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>已驳回</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation>withdrawn</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>中心没有该办件，不能更改其状态</source>
        <translation>The centre does not hold this case, so its state cannot be changed</translation>
    </message>
    <message>
        <source>先由窗口同步该办件</source>
        <translation>Have the counter sync the case first</translation>
    </message>
    <message>
        <source>受理记录的事项编码与该办件在中心登记的事项不一致</source>
        <translation>The service code of the acceptance differs from the service the case is registered under at the centre</translation>
    </message>
    <message>
        <source>按办件原来的事项办理；事项不同的应另建办件</source>
        <translation>Handle the case as the service it was opened as; for another service, open a new case</translation>
    </message>
    <message>
        <source>审批人不能是经办人本人：您参与了该办件的办理，不能由您审批</source>
        <translation>The approver cannot be the clerk: you worked on this case, so you cannot approve it</translation>
    </message>
    <message>
        <source>审批申请的提出时间不在有效范围（晚于中心当前时间或超出日历范围），工作站时钟可能不准</source>
        <translation>The time the approval request was made is out of range (later than the centre's clock, or beyond the calendar); the workstation's clock may be wrong</translation>
    </message>
    <message>
        <source>审批决定的时间不在有效范围（晚于中心当前时间或超出日历范围），工作站时钟可能不准</source>
        <translation>The time of the approval decision is out of range (later than the centre's clock, or beyond the calendar); the workstation's clock may be wrong</translation>
    </message>
    <message>
        <source>审批决定的时间早于审批申请的提出时间</source>
        <translation>The approval decision is dated before the approval request was made</translation>
    </message>
    <message>
        <source>核对工作站的日期和时间后重新办理</source>
        <translation>Check the workstation's date and time, then do it again</translation>
    </message>
    <message>
        <source>请由本分局有相应审批级别、未参与办理的科长处理</source>
        <translation>Have a section chief of this branch with the required approval level, who did not work on the case, handle it</translation>
    </message>
    <message>
        <source>上门认证的工作人员须为本分局在职的外勤、窗口或科长账号</source>
        <translation>The staff of a home visit must be active field, counter or section-chief accounts of this branch</translation>
    </message>
    <message>
        <source>核对上门认证记录；如确有其事请联系信息技术人员</source>
        <translation>Check the home-visit record; if it did happen, contact IT support</translation>
    </message>
    <message>
        <source>记录上门认证的账号不是该次上门的工作人员</source>
        <translation>The account that recorded the home visit is not one of its staff</translation>
    </message>
    <message>
        <source>该人员不在本分局的上门认证名单上（不是本分局领取待遇的人员，也没有本分局的上门认证申请）</source>
        <translation>This person is not on this branch's home-visit roster (not a pensioner of this branch, and no home-visit request of this branch)</translation>
    </message>
    <message>
        <source>该人员不是领取待遇的退休人员，不能登记资格认证</source>
        <translation>This person is not a retired pensioner, so no entitlement certification can be recorded</translation>
    </message>
    <message>
        <source>外勤账号只能同步上门认证记录，不能提交窗口业务数据</source>
        <translation>A field account syncs home-visit records only, not counter business</translation>
    </message>
    <message>
        <source>该账号没有办理窗口业务的权限，不能提交业务数据</source>
        <translation>This account has no counter-business role and cannot submit business data</translation>
    </message>
    <message>
        <source>由窗口经办人员登录后同步</source>
        <translation>Have a counter clerk sign in and sync</translation>
    </message>
    <message>
        <source>中心服务没有这个接口</source>
        <translation>The centre has no such service</translation>
    </message>
    <message>
        <source>核对中心服务地址和客户端版本</source>
        <translation>Check the centre's address and the client's version</translation>
    </message>
    <message>
        <source>该接口不接受这种请求方法</source>
        <translation>This service does not take that kind of request</translation>
    </message>
    <message>
        <source>核对客户端版本</source>
        <translation>Check the client's version</translation>
    </message>
    <message>
        <source>此人属于分局 %1，上门认证由该分局申请和安排</source>
        <translation>This person belongs to branch %1; that branch requests and arranges the home visit</translation>
    </message>
    <message>
        <source>请联系该分局</source>
        <translation>Contact that branch</translation>
    </message>
    <message>
        <source>缺少必填项</source>
        <translation>a required field is missing</translation>
    </message>
    <message>
        <source>不允许的字段</source>
        <translation>a field that is not allowed</translation>
    </message>
    <message>
        <source>应为文本</source>
        <translation>should be text</translation>
    </message>
    <message>
        <source>应为有效的 Unicode 文本</source>
        <translation>should be valid Unicode text</translation>
    </message>
    <message>
        <source>长度不能少于 %1 个字符</source>
        <translation>should be at least %1 characters long</translation>
    </message>
    <message>
        <source>长度不能超过 %1 个字符</source>
        <translation>should be at most %1 characters long</translation>
    </message>
    <message>
        <source>格式不正确</source>
        <translation>is not in the right format</translation>
    </message>
    <message>
        <source>应为整数</source>
        <translation>should be a whole number</translation>
    </message>
    <message>
        <source>整数超出范围</source>
        <translation>the number is out of range</translation>
    </message>
    <message>
        <source>应为整数，不能有小数部分</source>
        <translation>should be a whole number, without a fraction</translation>
    </message>
    <message>
        <source>应为数字</source>
        <translation>should be a number</translation>
    </message>
    <message>
        <source>应为有限的数字</source>
        <translation>should be a finite number</translation>
    </message>
    <message>
        <source>数字位数不能超过 %1 位</source>
        <translation>should have at most %1 digits</translation>
    </message>
    <message>
        <source>小数位数不能超过 %1 位</source>
        <translation>should have at most %1 decimal places</translation>
    </message>
    <message>
        <source>应为是或否（true / false）</source>
        <translation>should be yes or no (true / false)</translation>
    </message>
    <message>
        <source>应大于 %1</source>
        <translation>should be greater than %1</translation>
    </message>
    <message>
        <source>应不小于 %1</source>
        <translation>should be at least %1</translation>
    </message>
    <message>
        <source>应小于 %1</source>
        <translation>should be less than %1</translation>
    </message>
    <message>
        <source>应不大于 %1</source>
        <translation>should be at most %1</translation>
    </message>
    <message>
        <source>应为 %1 的倍数</source>
        <translation>should be a multiple of %1</translation>
    </message>
    <message>
        <source>应为日期时间（如 2026-01-31T09:30:00+08:00）</source>
        <translation>should be a date and time (such as 2026-01-31T09:30:00+08:00)</translation>
    </message>
    <message>
        <source>日期时间无效</source>
        <translation>is not a valid date and time</translation>
    </message>
    <message>
        <source>应带时区（如 +08:00）</source>
        <translation>should carry a time zone (such as +08:00)</translation>
    </message>
    <message>
        <source>不应带时区</source>
        <translation>should not carry a time zone</translation>
    </message>
    <message>
        <source>应为日期（如 2026-01-31）</source>
        <translation>should be a date (such as 2026-01-31)</translation>
    </message>
    <message>
        <source>应为日期，不能带时刻</source>
        <translation>should be a date, without a time of day</translation>
    </message>
    <message>
        <source>应为时刻（如 09:30:00）</source>
        <translation>should be a time of day (such as 09:30:00)</translation>
    </message>
    <message>
        <source>应为时长</source>
        <translation>should be a duration</translation>
    </message>
    <message>
        <source>应为 UUID</source>
        <translation>should be a UUID</translation>
    </message>
    <message>
        <source>UUID 版本不正确</source>
        <translation>has the wrong UUID version</translation>
    </message>
    <message>
        <source>应为以下取值之一：%1</source>
        <translation>should be one of: %1</translation>
    </message>
    <message>
        <source>应为对象（JSON 对象）</source>
        <translation>should be an object (a JSON object)</translation>
    </message>
    <message>
        <source>应为列表</source>
        <translation>should be a list</translation>
    </message>
    <message>
        <source>至少应有 %1 项</source>
        <translation>should have at least %1 items</translation>
    </message>
    <message>
        <source>最多只能有 %1 项</source>
        <translation>should have at most %1 items</translation>
    </message>
    <message>
        <source>长度不能超过 %1 个字节</source>
        <translation>should be at most %1 bytes long</translation>
    </message>
    <message>
        <source>不是有效的 JSON</source>
        <translation>is not valid JSON</translation>
    </message>
    <message>
        <source>应为 JSON 文本</source>
        <translation>should be JSON text</translation>
    </message>
    <message>
        <source>应为空（null）</source>
        <translation>should be empty (null)</translation>
    </message>
    <message>
        <source>类型标记不正确</source>
        <translation>has the wrong type tag</translation>
    </message>
    <message>
        <source>缺少类型标记</source>
        <translation>the type tag is missing</translation>
    </message>
    <message>
        <source>应为网址</source>
        <translation>should be a URL</translation>
    </message>
    <message>
        <source>取值不正确</source>
        <translation>has a wrong value</translation>
    </message>
    <message>
        <source>内容不正确</source>
        <translation>is not right</translation>
    </message>
    <message>
        <source>文书上的分局代码（%1）不是本工作站所属的分局（%2）</source>
        <translation>The office code on the document (%1) is not the office of this workstation (%2)</translation>
    </message>
    <message>
        <source>认证通过须读取本人社保卡或身份证芯片，该记录没有读卡</source>
        <translation>An eligible result needs the person's social security or ID card chip read; this record has no card read</translation>
    </message>
    <message>
        <source>读到的卡与被认证人不符，不能认证通过</source>
        <translation>The card read is not the person being certified: the certification cannot pass</translation>
    </message>
    <message>
        <source>指纹比对不一致，不能认证通过</source>
        <translation>The fingerprint did not match: the certification cannot pass</translation>
    </message>
    <message>
        <source>该人员在档案中有指纹模板，认证通过须指纹比对一致</source>
        <translation>The person has an enrolled fingerprint template in the record: an eligible result needs a matching fingerprint</translation>
    </message>
    <message>
        <source>该人员在档案中没有指纹模板，认证通过须由工作人员核对档案照片并拍摄现场照片</source>
        <translation>The person has no enrolled fingerprint template in the record: an eligible result needs the staff to compare the record's photo and take a photo on site</translation>
    </message>
    <message>
        <source>认证通过须由本人签名，该记录没有签名</source>
        <translation>An eligible result needs the person's signature; this record has none</translation>
    </message>
    <message>
        <source>上门认证记录的签名方式不正确</source>
        <translation>The home visit record's signature method is not valid</translation>
    </message>
    <message>
        <source>上门认证记录没有核实上门地址</source>
        <translation>The home visit record does not confirm the address</translation>
    </message>
    <message>
        <source>上门日期 %1 早于该笔记本电脑拉取名单的日期 %2</source>
        <translation>The visit date %1 is before this laptop pulled its roster (%2)</translation>
    </message>
    <message>
        <source>上门日期 %1 不在该笔记本电脑所拉取名单的有效期内</source>
        <translation>The visit date %1 is outside the validity of every roster this laptop pulled</translation>
    </message>
    <message>
        <source>中心没有该笔记本电脑用此签名密钥拉取名单的记录，上门认证记录无从核对</source>
        <translation>The centre has no roster pulled by this laptop with this signing key: the home visit record cannot be checked</translation>
    </message>
    <message>
        <source>该人员已于 %1 通过资格认证，晚于本次上门日期 %2，认证日期不能倒退</source>
        <translation>The person was certified on %1, after this visit's date %2: a certification date cannot go backwards</translation>
    </message>
    <message>
        <source>该人员的认证仍然有效，无需为此再次上门；请在笔记本电脑上重新拉取名单</source>
        <translation>The person's certification is still valid, no need to visit again for it; pull the roster again on the laptop</translation>
    </message>
    <message>
        <source>同步上门认证记录的登录账号不是该次上门的工作人员</source>
        <translation>The account signed in to send the home visit record is not one of the visit's staff</translation>
    </message>
    <message>
        <source>由参加该次上门的工作人员在该笔记本电脑上登录，在待同步中重新发送</source>
        <translation>One of the visit's staff signs in on that laptop and sends it again from the Outbox</translation>
    </message>
    <message>
        <source>该笔记本电脑的签名密钥已被中心停用</source>
        <translation>The centre has revoked this laptop's signing key</translation>
    </message>
    <message>
        <source>请信息技术人员为该笔记本重新生成签名密钥（counter-app field new-key），重新拉取名单后再上门认证；用已停用密钥封存的记录不能入库</source>
        <translation>Ask IT support to generate a new signing key for this laptop (counter-app field new-key), pull the roster again and then visit; records sealed with the revoked key cannot be stored</translation>
    </message>
    <message>
        <source>该笔记本电脑的签名密钥已被中心停用，新的签名密钥须经信息技术人员在中心准许后才能登记</source>
        <translation>The centre has revoked this laptop's signing key: a new signing key is registered only after IT support allows it at the centre</translation>
    </message>
    <message>
        <source>请信息技术人员核实笔记本电脑后在中心准许登记新密钥（counter-central field allow-new-key），再联网登录并重新拉取名单</source>
        <translation>Ask IT support to check the laptop and allow a new key at the centre (counter-central field allow-new-key), then sign in online and pull the roster again</translation>
    </message>
    <message>
        <source>上门认证记录的地址或备注不是文字</source>
        <translation>The address or note of the home-visit record is not text</translation>
    </message>
    <message>
        <source>上门认证记录的地址超过 %1 个字</source>
        <translation>The address of the home-visit record is longer than %1 characters</translation>
    </message>
    <message>
        <source>上门认证记录的地址或备注含有不可保存的控制字符（%1）</source>
        <translation>The address or note of the home-visit record contains control characters that cannot be kept (%1)</translation>
    </message>
    <message>
        <source>该人员在档案中既没有指纹模板也没有照片，无从核对身份，不能上门认证通过</source>
        <translation>The registry holds neither a fingerprint template nor a photo of this person: identity cannot be checked, so the home visit cannot certify them</translation>
    </message>
    <message>
        <source>工作站 %1 的审计记录第 %2 条与中心已保存的不同（%3）：本机的数据可能是从备份恢复的，或另一台电脑使用了同一工作站编号</source>
        <translation>Audit record %2 of workstation %1 differs from the one the centre holds (%3): this machine's data may have been restored from a backup, or another computer used the same workstation number</translation>
    </message>
    <message>
        <source>新版柜面程序会在下次同步时另起一条审计记录链继续上传；如仍出现，请报告信息安全管理员核查</source>
        <translation>An up-to-date counter program starts a new audit record chain at the next sync and goes on sending; if this message stays, report it to the information security administrator</translation>
    </message>
    <message>
        <source>同一序号的记录内容不同</source>
        <translation>a record with the same number has other content</translation>
    </message>
    <message>
        <source>本机的前一条记录不是中心保存的链头</source>
        <translation>this machine's previous record is not the last one the centre holds</translation>
    </message>
    <message>
        <source>中心数据库暂时无法连接，请稍后再试</source>
        <translation>The centre cannot reach its database at the moment: try again later</translation>
    </message>
    <message>
        <source>业务已保存在本机，客户端将在约 %1 秒后自动重试；如持续出现，请联系中心的信息技术人员检查数据库</source>
        <translation>Your work is kept on this machine and the client tries again in about %1 seconds by itself; if this goes on, ask the centre's IT staff to check the database</translation>
    </message>
    <message>
        <source>同步他人上门认证记录的登录账号须为本分局的外勤账号</source>
        <translation>The account signed in to send another person's home visit record must be a field account of this office</translation>
    </message>
    <message>
        <source>由本分局的外勤人员或参加该次上门的工作人员在该笔记本电脑上登录，在待同步中重新发送</source>
        <translation>A field worker of this office, or one of the visit's staff, signs in on that laptop and sends it again from the Outbox</translation>
    </message>
    <message>
        <source>记录该次上门的账号在上门时间之前没有在该笔记本电脑上登录过，无从确认该记录由其本人登记</source>
        <translation>The account that recorded the visit had not signed in on that laptop before the visit's time: nothing shows the record was made by them</translation>
    </message>
    <message>
        <source>该记录不能入库；请核查该笔记本电脑的上门认证记录，如确有其事请联系信息技术人员</source>
        <translation>The record cannot be stored; check that laptop's home visit records and, if the visit really took place, contact IT support</translation>
    </message>
    <message>
        <source>中心已收到该人员 %1 的上门认证记录，晚于本次上门时间 %2，本次记录已被其取代</source>
        <translation>The centre already holds a home visit record of this person at %1, later than this visit's time %2: this record is superseded by it</translation>
    </message>
    <message>
        <source>无需为此再次上门；请在笔记本电脑上重新拉取名单</source>
        <translation>No need to visit again for it; pull the roster again on the laptop</translation>
    </message>
    <message>
        <source>审批人不能是经办人本人：您的账号与参与办理的账号 %1 登记的工号相同，是同一人，不能由您审批</source>
        <translation>The approver cannot be the clerk: your account and account %1, which took part in the case, carry the same staff number; they are the same person, so you cannot approve this</translation>
    </message>
    <message>
        <source>审批人不能是经办人本人：您的账号与参与办理的账号 %1 姓名相同、同属分局 %2，未登记工号时视为同一人，不能由您审批；如确为两人，请系统管理员为两个账号登记工号（counter-central users set-staff-no）</source>
        <translation>The approver cannot be the clerk: your account and account %1, which took part in the case, have the same name in branch %2, and without staff numbers they count as the same person, so you cannot approve this; if they are two people, ask the system administrator to record a staff number for each account (counter-central users set-staff-no)</translation>
    </message>
    <message>
        <source>审批级别不足：「%1」按中心现行分级授权表须由%2（%3 级）审批，审批人 %4 的级别为 %5</source>
        <translation>Authority too low: under the centre's current authorisation table, 「%1」 must be decided by a %2 (level %3); approver %4 has level %5</translation>
    </message>
    <message>
        <source>由有相应审批级别的负责人重新审批后再办理</source>
        <translation>Have a supervisor with the required approval level approve it again, then carry it out</translation>
    </message>
    <message>
        <source>%1 未发布：柜面无法使用这个版本（%2）</source>
        <translation>%1 not published: the counters cannot use this version (%2)</translation>
    </message>
    <message>
        <source>删去控制字符和文字方向控制符（如从别处粘贴带来的）后重新提交</source>
        <translation>Remove the control characters and text-direction controls (often pasted in from elsewhere) and submit again</translation>
    </message>
    <message>
        <source>只有经办人本人可以撤回审批申请：该撤回记录不是经办人在本工作站登录期间作出的</source>
        <translation>Only the clerk who made the approval request can withdraw it: this withdrawal was not made while that clerk was signed in on this workstation</translation>
    </message>
    <message>
        <source>只能为本分局的办件提出审批申请</source>
        <translation>An approval can only be requested for a case of your own office</translation>
    </message>
    <message>
        <source>办件的服务事项「%1」没有「%2」审批点，不能提出该审批申请</source>
        <translation>The case&apos;s service 「%1」 has no approval point 「%2」; this approval cannot be requested</translation>
    </message>
    <message>
        <source>办件的服务事项「%1」没有「%2」审批点，不能批准该审批申请</source>
        <translation>The case&apos;s service 「%1」 has no approval point 「%2」; this approval request cannot be approved</translation>
    </message>
    <message>
        <source>只能为办件的服务事项有的审批点提出或批准审批申请：核对办件的服务事项，或驳回该申请</source>
        <translation>An approval can only be requested or approved at an approval point the case&apos;s service has: check the case&apos;s service, or reject the request</translation>
    </message>
    <message>
        <source>审批人 %1 不是本分局（%2）有效的负责人账号，不能确认该决定经过审批</source>
        <translation>Approver %1 is not an active supervisor account of this office (%2): the decision cannot be confirmed as approved</translation>
    </message>
    <message>
        <source>审批记录内容不能保存：%1</source>
        <translation>The approval record cannot be stored: %1</translation>
    </message>
    <message>
        <source>改正文件后用新的版本号重新发布</source>
        <translation>Correct the file and publish it again under a new version number</translation>
    </message>
    <message>
        <source>由未参与办理该办件的负责人重新审批后再办理</source>
        <translation>Have a supervisor who did not work on this case approve it again, then go on</translation>
    </message>
    <message>
        <source>由本分局有相应审批级别的负责人重新审批后再办理</source>
        <translation>Have a supervisor of your office with the required approval level approve it again, then go on</translation>
    </message>
    <message>
        <source>由经办人本人登录后撤回</source>
        <translation>The clerk who made the request signs in and withdraws it</translation>
    </message>
    <message>
        <source>该审批申请%1%2</source>
        <translation>This approval request %1%2</translation>
    </message>
    <message>
        <source>该审批申请%1，不能再作决定（%2 于 %3 批准：%4）</source>
        <translation>This approval request is %1 and can no longer be decided (approved by %2 on %3: %4)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能再作决定（%2 于 %3 驳回：%4）</source>
        <translation>This approval request is %1 and can no longer be decided (rejected by %2 on %3: %4)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能再作决定（%2 于 %3 批准）</source>
        <translation>This approval request is %1 and can no longer be decided (approved by %2 on %3)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能再作决定（%2 于 %3 驳回）</source>
        <translation>This approval request is %1 and can no longer be decided (rejected by %2 on %3)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能再作决定（%2 于 %3 撤回）</source>
        <translation>This approval request is %1 and can no longer be decided (withdrawn by %2 on %3)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能再作决定（于 %2 过期）</source>
        <translation>This approval request is %1 and can no longer be decided (expired on %2)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能撤回（%2 于 %3 批准：%4）</source>
        <translation>This approval request is %1 and cannot be withdrawn (approved by %2 on %3: %4)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能撤回（%2 于 %3 驳回：%4）</source>
        <translation>This approval request is %1 and cannot be withdrawn (rejected by %2 on %3: %4)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能撤回（%2 于 %3 批准）</source>
        <translation>This approval request is %1 and cannot be withdrawn (approved by %2 on %3)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能撤回（%2 于 %3 驳回）</source>
        <translation>This approval request is %1 and cannot be withdrawn (rejected by %2 on %3)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能撤回（%2 于 %3 撤回）</source>
        <translation>This approval request is %1 and cannot be withdrawn (withdrawn by %2 on %3)</translation>
    </message>
    <message>
        <source>该审批申请%1，不能撤回（于 %2 过期）</source>
        <translation>This approval request is %1 and cannot be withdrawn (expired on %2)</translation>
    </message>
    <message>
        <source>请中心管理员发布包含该参数的政策参数</source>
        <translation>Ask the centre's administrator to publish policy parameters that include this parameter</translation>
    </message>
    <message>
        <source>该办件已评价过，每件只能评价一次：本次评价未保存</source>
        <translation>This case has been rated already; a case can be rated only once: this rating was not stored</translation>
    </message>
    <message>
        <source>无需处理：中心保留第一次评价；对评价有异议的，由科长在差评工单中跟进</source>
        <translation>Nothing to do: the centre keeps the first rating; a dispute about the rating is followed up by the section chief in the complaint ticket</translation>
    </message>
    <message>
        <source>评价记录内容不能保存：%1</source>
        <translation>The rating record cannot be stored: %1</translation>
    </message>
    <message>
        <source>差评工单记录内容不能保存：%1</source>
        <translation>The complaint ticket record cannot be stored: %1</translation>
    </message>
    <message>
        <source>评价记录的 %1 最多%2个字（现有%3个字）</source>
        <translation>The rating record's %1 may be at most %2 characters (it has %3)</translation>
    </message>
    <message>
        <source>差评工单记录的 %1 最多%2个字（现有%3个字）</source>
        <translation>The complaint ticket record's %1 may be at most %2 characters (it has %3)</translation>
    </message>
    <message>
        <source>精简该内容后重新提交</source>
        <translation>Shorten the text and submit it again</translation>
    </message>
    <message>
        <source>差评工单在中心的当前环节为「%1」，不能再推进到「%2」（已在另一工作站推进）</source>
        <translation>At the centre the complaint ticket is at stage “%1”; it cannot be moved on to “%2” again (it was moved on at another workstation)</translation>
    </message>
    <message>
        <source>刷新差评工单列表，按中心的当前环节重新推进</source>
        <translation>Refresh the complaint ticket list and move the ticket on from its current stage at the centre</translation>
    </message>
    <message>
        <source>该工单由 %1 负责，只有负责人可以推进</source>
        <translation>This ticket is owned by %1; only the owner can move it on</translation>
    </message>
    <message>
        <source>由负责该工单的科长推进</source>
        <translation>Let the section chief who owns the ticket move it on</translation>
    </message>
    <message>
        <source>只有审核主管（科长）和审计人员可以查看上门认证死亡报告</source>
        <translation>Only section chiefs (supervisors) and auditors may see the home-visit death reports</translation>
    </message>
    <message>
        <source>用科长或审计账号登录</source>
        <translation>Sign in with a section chief's or an auditor's account</translation>
    </message>
    <message>
        <source>只有审核主管（科长）可以撤销上门认证死亡报告</source>
        <translation>Only a section chief (supervisor) may withdraw a home-visit death report</translation>
    </message>
    <message>
        <source>由本分局的科长撤销</source>
        <translation>Let a section chief of this branch withdraw it</translation>
    </message>
    <message>
        <source>本分局没有该死亡报告</source>
        <translation>This branch has no such death report</translation>
    </message>
    <message>
        <source>刷新死亡报告列表</source>
        <translation>Refresh the list of death reports</translation>
    </message>
    <message>
        <source>该死亡报告已由 %1 于 %2 撤销（原因：%3），无需再次撤销</source>
        <translation>This death report was already withdrawn by %1 at %2 (reason: %3); nothing more to do</translation>
    </message>
    <message>
        <source>请填写撤销原因（如 经核实本人健在）</source>
        <translation>Enter the reason for the withdrawal (e.g. verified: the person is alive)</translation>
    </message>
    <message>
        <source>填写撤销原因后重新提交</source>
        <translation>Enter the reason and submit again</translation>
    </message>
    <message>
        <source>上门报告的工作人员不能撤销自己的报告</source>
        <translation>A staff member of the home visit cannot withdraw their own report</translation>
    </message>
    <message>
        <source>由本分局的其他科长撤销</source>
        <translation>Let another section chief of this branch withdraw it</translation>
    </message>
    <message>
        <source>撤销死亡报告须由科长账号办理</source>
        <translation>Withdrawing a death report needs a section chief's account</translation>
    </message>
    <message>
        <source>没有用户 %1：撤销死亡报告须由本分局在职科长的账号办理</source>
        <translation>There is no user %1: a death report is withdrawn with the account of an active section chief of its office</translation>
    </message>
    <message>
        <source>账号 %1 已停用，不能撤销死亡报告</source>
        <translation>Account %1 is disabled and may not withdraw a death report</translation>
    </message>
    <message>
        <source>账号 %1（%2）不能%3：只有%4岗位的账号可以</source>
        <translation>Account %1 (%2) may not %3: only accounts of the %4 posts may</translation>
    </message>
    <message>
        <source>事项目录中没有事项 %1</source>
        <translation>The service catalogue has no service %1</translation>
    </message>
    <message>
        <source>核对事项编码或更新事项目录</source>
        <translation>Check the service code or update the service catalogue</translation>
    </message>
    <message>
        <source>请信息技术人员检查中心配置</source>
        <translation>Ask IT to check the centre's configuration</translation>
    </message>
    <message>
        <source>请信息技术人员检查中心的记录加密密钥文件</source>
        <translation>Ask IT to check the centre's entry key file</translation>
    </message>
</context>
<context>
    <name>PrintWords</name>
    <message>
        <source>未安装 CUPS 打印工具（找不到 %1），请安装 cups-client。</source>
        <translation>The CUPS printing tools are not installed (%1 not found): install cups-client.</translation>
    </message>
    <message>
        <source>打印服务无响应（%1 超时）。</source>
        <translation>The print service does not respond (%1 timed out).</translation>
    </message>
    <message>
        <source>打印服务（CUPS）未运行。</source>
        <translation>The print service (CUPS) is not running.</translation>
    </message>
    <message>
        <source>打印机“%1”不存在或未添加。</source>
        <translation>Printer “%1” does not exist or has not been added.</translation>
    </message>
    <message>
        <source>打印机 %1 缺纸或卡纸（%2）。</source>
        <translation>Printer %1 is out of paper or jammed (%2).</translation>
    </message>
    <message>
        <source>打印机 %1 已停用（脱机）。</source>
        <translation>Printer %1 is disabled (offline).</translation>
    </message>
    <message>
        <source>打印机 %1 暂不接受打印任务。</source>
        <translation>Printer %1 is not accepting print jobs.</translation>
    </message>
    <message>
        <source>打印机 %1 报告故障（%2）。</source>
        <translation>Printer %1 reports a fault (%2).</translation>
    </message>
    <message>
        <source>打印内容为空，未发送。</source>
        <translation>Nothing to print; not sent.</translation>
    </message>
    <message>
        <source>打印任务提交失败：%1</source>
        <translation>The print job could not be submitted: %1</translation>
    </message>
    <message>
        <source>本机已没有这份打印任务的内容，请从文书记录重新打印或补打。</source>
        <translation>This workstation no longer holds the content of this print job: print it again or reprint it from the document records.</translation>
    </message>
    <message>
        <source>未配置打印机，也没有系统默认打印机。</source>
        <translation>No printer is configured and there is no system default printer.</translation>
    </message>
    <message>
        <source>已发送至 %1（%2）</source>
        <translation>Sent to %1 (%2)</translation>
    </message>
    <message>
        <source>%1 已打印完成</source>
        <translation>Printed on %1</translation>
    </message>
    <message>
        <source>打印服务中找不到任务 %1，请重试。</source>
        <translation>The print service cannot find job %1: try again.</translation>
    </message>
    <message>
        <source>未知错误</source>
        <translation>unknown error</translation>
    </message>
    <message>
        <source>无法向打印服务查询任务状态：%1。</source>
        <translation>The job's state could not be read from the print service: %1.</translation>
    </message>
    <message>
        <source>打印服务已恢复，任务仍在 %1 的打印队列中（%2）</source>
        <translation>The print service is back; the job is still in the queue of %1 (%2)</translation>
    </message>
    <message>
        <source>打印任务在打印服务中被取消（%1），请重试。</source>
        <translation>The print job was cancelled in the print service (%1): retry it.</translation>
    </message>
    <message>
        <source>打印任务被打印服务中止（打印机故障，%1），请重试。</source>
        <translation>The print job was aborted by the print service (printer fault, %1): retry it.</translation>
    </message>
    <message>
        <source>无法从打印服务撤回任务 %1。</source>
        <translation>Job %1 could not be withdrawn from the print service.</translation>
    </message>
    <message>
        <source>无法确认打印任务 %1 上次发送的 %2 是否仍在打印服务中：%3为免重复打印，暂不%4；请待打印服务恢复后再试。</source>
        <translation>It cannot be confirmed whether %2, sent earlier for print job %1, is still in the print service: %3 So that nothing prints twice, the job is not %4 now; try again once the print service is back.</translation>
    </message>
    <message>
        <source>重新发送</source>
        <translation>sent again</translation>
    </message>
    <message>
        <source>改送</source>
        <translation>moved</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>打印服务无响应（查询任务状态超时）。</source>
        <translation>The print service does not answer (the job-state query timed out).</translation>
    </message>
    <message>
        <source>本程序的 Qt 环境不支持打印（不是图形程序）。</source>
        <translation>This program's Qt environment cannot print (it is not a graphical program).</translation>
    </message>
    <message>
        <source>Qt 打印只能在启动了图形界面的程序中使用。</source>
        <translation>Qt printing works only in a program that started its graphical interface.</translation>
    </message>
    <message>
        <source>打印内容不是可读的 PDF，未发送。</source>
        <translation>The print content is not a readable PDF; nothing was sent.</translation>
    </message>
    <message>
        <source>打印机 %1 不支持 %2 纸张，未打印。</source>
        <translation>Printer %1 does not support %2 paper; nothing was printed.</translation>
    </message>
    <message>
        <source>打印机 %1 无法开始打印任务。</source>
        <translation>Printer %1 could not start the print job.</translation>
    </message>
    <message>
        <source>打印机 %1 无法开始新的一页。</source>
        <translation>Printer %1 could not start a new page.</translation>
    </message>
    <message>
        <source>第 %1 页无法绘制，未打印。</source>
        <translation>Page %1 could not be drawn; nothing was printed.</translation>
    </message>
    <message>
        <source>打印机 %1 的打印队列未接收打印任务。</source>
        <translation>The print queue of printer %1 did not accept the print job.</translation>
    </message>
    <message>
        <source>已交 %1 的系统打印队列（不回报是否已打出）</source>
        <translation>Handed to the system print queue of %1 (it does not report whether the paper came out)</translation>
    </message>
    <message>
        <source>出错</source>
        <translation>error</translation>
    </message>
    <message>
        <source>已中止</source>
        <translation>aborted</translation>
    </message>
</context>
<context>
    <name>PeriodsEditor</name>
    <message>
        <source>起始年月</source>
        <translation>Start month</translation>
    </message>
    <message>
        <source>终止年月</source>
        <translation>End month</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>月数</source>
        <translation>Months</translation>
    </message>
    <message>
        <source>添加一段</source>
        <translation>Add a period</translation>
    </message>
    <message>
        <source>删除所选一段</source>
        <translation>Remove the selected period</translation>
    </message>
    <message>
        <source>已核对人事档案，按审核结果核准（与档案记载不一致）</source>
        <translation>Personnel file checked: approve the review's result (differs from the record)</translation>
    </message>
    <message>
        <source>请按“2026-04”的格式填写年月</source>
        <translation>Enter the month as “2026-04”</translation>
    </message>
    <message>
        <source>视同缴费月数合计：%1个月</source>
        <translation>Total deemed contribution months: %1</translation>
    </message>
    <message>
        <source>；档案记载：%1个月</source>
        <translation>; on record: %1 months</translation>
    </message>
    <message>
        <source>，相差%1个月</source>
        <translation>, difference %1 months</translation>
    </message>
</context>
<context>
    <name>ApprovalSummary</name>
    <message>
        <source>%1（%2）申请%3：%4</source>
        <translation>%1 (%2): request for %3: %4</translation>
    </message>
    <message>
        <source>%1（%2）申请%3</source>
        <translation>%1 (%2): request for %3</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>申请%1：%2</source>
        <translation>Request for %1: %2</translation>
    </message>
    <message>
        <source>补发 %1 个月</source>
        <translation>back pay for %1 months</translation>
    </message>
    <message>
        <source>一次性支付 %1 元</source>
        <translation>one-off payment CNY %1</translation>
    </message>
    <message>
        <source>资格认证已于 %1 到期（%2），拟暂停发放基本养老金（不删除任何数据，重新认证后恢复发放并补发）</source>
        <translation>Entitlement certification expired on %1 (%2); the basic pension is to be suspended (no data is deleted; payment resumes with back pay after certification)</translation>
    </message>
    <message>
        <source>服刑期间暂停发放基本养老金（%1）：%2</source>
        <translation>Basic pension suspended while serving a prison sentence (%1): %2</translation>
    </message>
    <message>
        <source>；恢复发放时不补发服刑期间待遇</source>
        <translation>; no back pay for the sentence when payment resumes</translation>
    </message>
    <message>
        <source>上门认证报告已死亡（%1，上门记录 %2，%3），拟暂停发放基本养老金（不删除任何数据；请核实死亡情况，报告有误的驳回并撤销报告）</source>
        <translation>A home-visit certification reported a death (%1, visit record %2, %3); the basic pension is to be suspended (no data is deleted; verify the death, and reject and withdraw the report if it is wrong)</translation>
    </message>
    <message>
        <source>；注意：该人员有与本报告矛盾的认证记录，请核实</source>
        <translation>; note: this person has a certification record that contradicts the report, please verify</translation>
    </message>
    <message>
        <source>重新认证后恢复发放（%1，暂停原因：%2）</source>
        <translation>Resume payment after recertification (%1, suspended for: %2)</translation>
    </message>
    <message>
        <source>，暂停发放自 %1 起生效</source>
        <translation>, suspension effective from %1</translation>
    </message>
    <message>
        <source>，补发 %1 个月（%2 至 %3）</source>
        <translation>, back pay for %1 months (%2 to %3)</translation>
    </message>
    <message>
        <source>，不补发暂停期间待遇</source>
        <translation>, no back pay for the suspension</translation>
    </message>
    <message>
        <source>，无缺漏发放月份</source>
        <translation>, no months unpaid</translation>
    </message>
    <message>
        <source>；注意：该人员有上门认证报告已死亡，与本次认证矛盾，请核实</source>
        <translation>; note: a home visit reported this person dead, which contradicts this certification, please verify</translation>
    </message>
    <message>
        <source>资格认证过期</source>
        <translation>certification expired</translation>
    </message>
    <message>
        <source>服刑</source>
        <translation>prison sentence</translation>
    </message>
    <message>
        <source>上门认证报告已死亡</source>
        <translation>death reported by a home visit</translation>
    </message>
</context>
<context>
    <name>ServiceGuideChooser</name>
    <message>
        <source>全部业务事项（合为一份）</source>
        <translation>All services (one document)</translation>
    </message>
    <message>
        <source>打印服务指南</source>
        <translation>Print service guide</translation>
    </message>
    <message>
        <source>选择业务事项（服务指南公示服务内容、依据、程序、时限、申请材料和投诉渠道）：</source>
        <translation>Choose the service (the guide makes public its content, basis, procedure, time limit, required materials and complaint channels):</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>DeathReportsModel</name>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>人员（已遮盖）</source>
        <translation>Person (masked)</translation>
    </message>
    <message>
        <source>上门时间</source>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>上门工作人员</source>
        <translation>Visit staff</translation>
    </message>
    <message>
        <source>暂停发放</source>
        <translation>Suspension of payment</translation>
    </message>
    <message>
        <source>矛盾 / 撤销</source>
        <translation>Contradictions / withdrawal</translation>
    </message>
</context>
<context>
    <name>EvaluationPanel</name>
    <message>
        <source>定期评价</source>
        <translation>Periodic evaluation</translation>
    </message>
    <message>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>上月</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>本季度</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>按事项</source>
        <translation>By service</translation>
    </message>
    <message>
        <source>按经办人</source>
        <translation>By clerk</translation>
    </message>
    <message>
        <source>评价期间(&amp;P)</source>
        <translation>&amp;Period</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>分组(&amp;G)</source>
        <translation>&amp;Group</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>从中心取得本分局该期间的评价（Ctrl+Enter）</source>
        <translation>Get the branch's evaluation of the period from the centre (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>内部评价：受理、办结、按时办结率（办结日不晚于按办理时限、工作日计算的到期日）、退回率（材料不齐全退回占受理审核决定）、差评工单；外部评价：服务对象评价数、满意率（基本满意及以上）、平均分、差评（不满意、非常不满意）。期间按北京时间，含首尾两日；本分局全部工作站的数据，由中心汇总。</source>
        <translation>Internal evaluation: cases accepted and finished, on-time rate (finished no later than the due date of the time limit, in working days), return rate (returned for incomplete materials, of the acceptance decisions), complaint tickets. External evaluation: ratings given, satisfaction rate (fairly satisfied or better), average score, poor ratings (dissatisfied, very dissatisfied). Days are Beijing days, both ends included; the data of every workstation of the branch, totalled by the centre.</translation>
    </message>
    <message>
        <source>%1 至 %2（%3 个工作站）</source>
        <translation>%1 to %2 (%3 workstations)</translation>
    </message>
    <message>
        <source>；节假日日历未覆盖该期间，工作日按周一至周五计算</source>
        <translation>; the holiday calendar does not cover the period: working days are counted Monday to Friday</translation>
    </message>
    <message>
        <source>正在从中心取得评价…</source>
        <translation>Getting the evaluation from the centre…</translation>
    </message>
    <message>
        <source>该期间本分局没有办件、评价或差评工单</source>
        <translation>No cases, ratings or complaint tickets of the branch in this period</translation>
    </message>
    <message>
        <source>定期评价由中心汇总本分局全部工作站的数据，须联网：本机未登录中心（离线）</source>
        <translation>The periodic evaluation totals every workstation of the branch at the centre and needs it: this workstation is not signed in to the centre (offline)</translation>
    </message>
    <message>
        <source>定期评价由中心汇总本分局全部工作站的数据，须联网：中心暂时无法连接，请稍后再查询</source>
        <translation>The periodic evaluation totals every workstation of the branch at the centre and needs it: the centre cannot be reached now, try again later</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>EvaluationModel</name>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>按时办结率</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>退回率</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>评价数</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>满意率</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>平均分</source>
        <translation>Average</translation>
    </message>
    <message>
        <source>差评</source>
        <translation>Poor ratings</translation>
    </message>
    <message>
        <source>差评工单 新开/办结/按期办结</source>
        <translation>Complaint tickets opened / closed / closed in time</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>关于社保窗口柜面系统</source>
        <translation>About the social insurance counter system</translation>
    </message>
    <message>
        <source>构建</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>同步协议</source>
        <translation>Sync protocol</translation>
    </message>
    <message>
        <source>本地数据库结构版本</source>
        <translation>Local store schema version</translation>
    </message>
    <message>
        <source>中心服务地址</source>
        <translation>Centre address</translation>
    </message>
    <message>
        <source>中心服务版本</source>
        <translation>Centre version</translation>
    </message>
    <message>
        <source>与中心服务是否兼容</source>
        <translation>Compatible with the centre</translation>
    </message>
    <message>
        <source>无法读取</source>
        <translation>Cannot be read</translation>
    </message>
    <message>
        <source>%1（最新）</source>
        <translation>%1 (latest)</translation>
    </message>
    <message>
        <source>%1（启动时升级）</source>
        <translation>%1 (upgraded at the next start)</translation>
    </message>
    <message>
        <source>未配置</source>
        <translation>Not configured</translation>
    </message>
    <message>
        <source>尚未联系（同步一次后显示）</source>
        <translation>Not reached yet (shown after a sync)</translation>
    </message>
    <message>
        <source>未知（尚未与中心服务同步）</source>
        <translation>Unknown (not synced with the centre yet)</translation>
    </message>
    <message>
        <source>兼容（同步协议相同）</source>
        <translation>Compatible (same sync protocol)</translation>
    </message>
    <message>
        <source>不兼容：中心服务的同步协议为 %1，本机为 %2；请联系信息技术人员升级</source>
        <translation>Not compatible: the centre speaks sync protocol %1, this workstation %2; ask IT to upgrade</translation>
    </message>
</context>
<context>
    <name>ErrorHandler</name>
    <message>
        <source>出现意外错误</source>
        <translation>An unexpected error occurred</translation>
    </message>
    <message>
        <source>程序出现了一个意外错误，已记入日志。
您正在办理的业务没有丢失，可以继续办理；如果同一操作再次出错，请联系信息技术人员。</source>
        <translation>The program ran into an unexpected error; it has been logged.
The business you are handling is not lost and you can go on; if the same action fails again, contact IT staff.</translation>
    </message>
</context>
<context>
    <name>GuideRefusals</name>
    <message>
        <source>请选择要打印服务指南的业务事项</source>
        <translation>Choose the services to print the service guide of</translation>
    </message>
    <message>
        <source>业务目录（%1）中没有业务事项「%2」；可打印的事项：%3</source>
        <translation>The service catalog (%1) has no service “%2”; services that can be printed: %3</translation>
    </message>
    <message>
        <source>%1（分局代码 %2）未设置投诉渠道：服务指南须公示投诉渠道（DB4403/T 254.1—2022 7.5.1 服务信息公开），本次未打印。请系统管理员在分局文书事项（offices）中为本分局设置 complaint_channels（如 电话、地址、网站）并由中心发布，同步后再打印。</source>
        <translation>%1 (branch code %2) has no complaint channels set: a service guide must make the complaint channels public (DB4403/T 254.1—2022 7.5.1, disclosure of service information), so it was not printed. Ask the system administrator to set complaint_channels (e.g. phone, address, website) for this branch in the branch document items (offices) and have the centre publish them; print again after the next sync.</translation>
    </message>
    <message>
        <source>无法生成服务指南：%1</source>
        <translation>The service guide could not be produced: %1</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>ReprintApproval</name>
    <message>
        <source>补打须经负责人审批</source>
        <translation>Reprint needs a supervisor's approval</translation>
    </message>
    <message>
        <source>补打《%1》%2 须经负责人审批（分级授权，每次补打一次审批）。
现在提出补打审批申请吗？补打原因「%3」随申请送负责人；批准后再补打。</source>
        <translation>Reprinting “%1” %2 needs a supervisor's approval (graded authorisation: one approval per reprint).
Ask for the reprint approval now? The reason “%3” goes with the request; reprint once it is approved.</translation>
    </message>
    <message>
        <source>未补打：补打《%1》须经负责人审批，未提出审批申请</source>
        <translation>Not reprinted: reprinting “%1” needs a supervisor's approval, and none was asked for</translation>
    </message>
    <message>
        <source>已提出补打审批申请：《%1》%2，等待负责人审批——在审批页集中授权，或在业务办理中打开该办件由负责人现场授权（Ctrl+Shift+A）；批准后再补打</source>
        <translation>Reprint approval requested: “%1” %2 waits for a supervisor — in the Approvals tab, or on site with the case open in Business (Ctrl+Shift+A). Reprint once it is approved.</translation>
    </message>
    <message>
        <source>补打审批申请未提出</source>
        <translation>Reprint approval not requested</translation>
    </message>
</context>
<context>
    <name>DeathConfirm</name>
    <message>
        <source>确认已死亡</source>
        <translation>Confirm deceased</translation>
    </message>
    <message>
        <source>确认已死亡，封存保存</source>
        <translation>Confirm deceased, seal and save</translation>
    </message>
    <message>
        <source>返回修改</source>
        <translation>Go back and correct</translation>
    </message>
</context>
<context>
    <name>WithdrawVisitDialog</name>
    <message>
        <source>撤回未发送的上门认证记录</source>
        <translation>Withdraw an unsent home visit</translation>
    </message>
    <message>
        <source>只能撤回本人记录、尚未发送到中心的上门认证（如选错了人或认证结果）。撤回后这条记录不会发送，此人回到名单，可重新上门认证；撤回记入审计。</source>
        <translation>Only home visits you recorded that have not been sent to the centre can be withdrawn (e.g. the wrong person or the wrong result). A withdrawn visit is not sent, the person is back on the list and can be visited again; the withdrawal is audited.</translation>
    </message>
    <message>
        <source>{at}　{name}（{id}）　{result}
{address}</source>
        <translation>{at}  {name} ({id})  {result}
{address}</translation>
    </message>
    <message>
        <source>如：认证结果选错，本人健在</source>
        <translation>e.g. wrong result chosen, the person is alive</translation>
    </message>
    <message>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>撤回原因</source>
        <translation>Reason</translation>
    </message>
</context>
</TS>
