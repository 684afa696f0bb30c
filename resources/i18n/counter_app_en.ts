<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message>
        <source>配置文件有误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>是否使用默认配置启动？（配置文件不会被修改）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicantForm</name>
    <message>
        <source>参保人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>参保人证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人（遗属）姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人（遗属）证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联系地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>参保单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>参保人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>遗属</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人（受委托办理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理情形</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件号码无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>手机号码无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人：%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>更新时间</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CasesPanel</name>
    <message>
        <source>办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今日办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料不齐全（已退回）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>等待中（审批/公示/信息表）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>筛选(&amp;L)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查找(&amp;S)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件编号、姓名或完整证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查找办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新办件列表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在受理窗口中打开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件列表读取失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 %1 件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>经办人：%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 第%2窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连接状态未知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>离线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（时钟偏差超过5分钟）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待同步：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，异常：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设备状态未知</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <source>文号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>出具时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已打印 %1 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未打印</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>文书与打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>范围(&amp;W)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前办件的文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>今日全部文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印队列(&amp;Q)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择打印机打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补打…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重试打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>改送其他打印机…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消打印任务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示当前办件的文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示今日全部文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转到打印队列</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（尚未打开办件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预览：共 %1 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预览</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书列表读取失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书预览失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印任务在等待：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先选择要打印的文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该文书已在打印队列中（%1），请在打印队列中处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该文书已打印过；如需再次打印，请使用补打</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先选择要补打的文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>补打失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印队列读取失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印队列刷新失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先在打印队列中选择任务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有「等待处理」的任务可以重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重试打印失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该任务已结束，不能改送其他打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有其他可用的打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>改送打印机失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>读取打印机列表失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择尚未完成的打印任务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消打印失败</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录社保窗口柜面系统</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在登录……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录失败</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>社保窗口柜面系统 — 职工基本养老保险</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中文界面</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>欢迎使用社保窗口柜面系统。请选择业务。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚有未同步的业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还有 %1 条业务未同步到中心。退出不会丢弃它们，下次联网时会继续同步。确定退出吗？</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发送次数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>建议操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>更新时间</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message>
        <source>待同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态(&amp;T)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示本机全部经办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重试选中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出队列…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按状态筛选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只看被拒绝的</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选中一条记录查看内容（个人信息已遮蔽）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待同步队列读取失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>读取记录内容失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择尚未同步的记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已重新排队 %1 条，将在下次同步时发送</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重试失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在同步，请稍候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未联网登录中心服务，请先登录后再同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步未完成：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步完成：已同步 %1 条，被拒绝 %2 条，冲突 %3 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导出 %1 条待同步记录到 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintJobsModel</name>
    <message>
        <source>任务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>份数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（未配置）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServicePicker</name>
    <message>
        <source>搜索业务：中文名称、拼音首字母（如 cbdj）或条款号（如 6.1.1）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepGuide</name>
    <message>
        <source>办理步骤</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成此步骤（Ctrl+Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采集指纹 / 重试（F7）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消采集（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法采集指纹的原因（如：双手手指残缺）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法采集指纹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>公示开始日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>公示结束日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特殊工种</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>异议内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始公示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>公示期满无异议</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>公示有异议</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>公示有异议：请核查并填写核查情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核查情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核查符合办理要求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核查不符合办理要求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核收到的转移接续信息表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核不通过的原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核不通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口自取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>邮寄送达</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记送达方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结（Ctrl+Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予认定的理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予认定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>归档</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理后在此逐步办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前步骤：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批点：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件已归档。按 Ctrl+N 办理下一件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核查不符合办理要求：请填写理由后作出不予认定决定（审批点：不予认定决定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部步骤已办理，可以办结。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件已%1，可以归档。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（等待主管审批）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspacePanel</name>
    <message>
        <source>业务办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人（Ctrl+L；插卡或 F6 读卡）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料清单与受理条件（空格切换状态，N 填写说明）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理步骤</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料全部齐全（F9）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待确认条件全部符合（F10）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预览PDF（Ctrl+Shift+P）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印当前文书（Ctrl+P）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>告知书预览</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF预览</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>搜索业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>读卡</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>填写申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料清单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理条件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料全部齐全</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待确认条件全部符合</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提交受理审核并决定 / 办理当前步骤 / 办结 / 归档</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印当前文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预览PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>采集指纹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消指纹采集</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前办件已提交，请按 Ctrl+N 新建办件后再选择业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已选择业务：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>指纹采集进行中，请先取消（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先选择业务（Ctrl+F 搜索）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核结果：受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核结果：业务指引（材料不齐全）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核结果：不予受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核结果：尚未确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新办件（未提交）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 %1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文书：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提交受理审核并决定（Ctrl+Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理（Ctrl+Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>业务指引告知书（预览）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不予受理决定书（预览）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>操作失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在处理上一步，请稍候</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件已归档，按 Ctrl+N 办理下一件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先选择业务（Ctrl+F 搜索业务）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先更正申请人信息：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不能提交：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚有受理条件待确认：%1（F10 全部符合，或在受理条件中逐条确认）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退回补正的办件：已恢复原录入信息，请勾选补齐的材料后按 Ctrl+Enter 重新提交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先受理办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写异议内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前办件还没有出具文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>《%1》已送打印：%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审核结果尚未确定，暂无可预览的文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预览失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>读卡器就绪（卡已拔出）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>读卡器就绪</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已读卡：当前办件已受理，按 Ctrl+N 新建办件后再插卡</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已读卡：%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>读卡器：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前步骤不是指纹采集</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请将手指平放在采集器上</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>指纹采集中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>指纹采集器空闲</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>指纹已采集，质量%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（F7 重试；确实无法采集时填写原因后点“无法采集指纹”）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写无法采集指纹的原因</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
