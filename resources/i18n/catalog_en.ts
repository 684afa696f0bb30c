<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>catalog</name>
    <message>
        <source>参保登记</source>
        <translation>Enrolment registration</translation>
    </message>
    <message>
        <source>图2</source>
        <translation>Figure 2</translation>
    </message>
    <message>
        <source>职工基本养老保险参保登记表（单位）</source>
        <translation>Basic pension insurance enrolment form for employees (unit)</translation>
    </message>
    <message>
        <source>请填写并加盖单位公章的参保登记表</source>
        <translation>The enrolment form, filled in and stamped with the unit's official seal</translation>
    </message>
    <message>
        <source>营业执照或批准成立证件</source>
        <translation>Business licence or certificate of approved establishment</translation>
    </message>
    <message>
        <source>请携带营业执照（或批准成立文件）原件</source>
        <translation>Please bring the original business licence (or document of approved establishment)</translation>
    </message>
    <message>
        <source>法定代表人身份证件</source>
        <translation>Legal representative's identity document</translation>
    </message>
    <message>
        <source>请携带法定代表人身份证件复印件（加盖公章）</source>
        <translation>Please bring a copy of the legal representative's identity document (stamped with the official seal)</translation>
    </message>
    <message>
        <source>单位经办人身份证件</source>
        <translation>Unit handler's identity document</translation>
    </message>
    <message>
        <source>请携带单位经办人身份证件原件</source>
        <translation>Please bring the original identity document of the unit's handler</translation>
    </message>
    <message>
        <source>单位银行开户证明</source>
        <translation>Unit's bank account opening certificate</translation>
    </message>
    <message>
        <source>如需银行代扣，请携带单位银行开户证明</source>
        <translation>If payment is to be deducted by the bank, please bring the unit's bank account opening certificate</translation>
    </message>
    <message>
        <source>职工基本养老保险参保登记表（个人）</source>
        <translation>Basic pension insurance enrolment form for employees (individual)</translation>
    </message>
    <message>
        <source>请填写并签名的个人参保登记表</source>
        <translation>The individual enrolment form, filled in and signed</translation>
    </message>
    <message>
        <source>参保人有效身份证件</source>
        <translation>Insured person's valid identity document</translation>
    </message>
    <message>
        <source>请携带参保人有效身份证件原件（居民身份证、港澳台居民居住证、外国人永久居留身份证或护照）</source>
        <translation>Please bring the original of the insured person's valid identity document (resident identity card, residence permit for Hong Kong, Macao and Taiwan residents, foreigner's permanent residence ID card or passport)</translation>
    </message>
    <message>
        <source>户籍证明或居住证</source>
        <translation>Household registration certificate or residence permit</translation>
    </message>
    <message>
        <source>请携带深圳户籍证明（户口簿）或有效居住证</source>
        <translation>Please bring the Shenzhen household registration certificate (household register) or a valid residence permit</translation>
    </message>
    <message>
        <source>本人银行卡（用于代扣）</source>
        <translation>Own bank card (for direct debit)</translation>
    </message>
    <message>
        <source>请携带本人银行卡（用于代扣）</source>
        <translation>Please bring your own bank card (for direct debit)</translation>
    </message>
    <message>
        <source>授权委托书</source>
        <translation>Power of attorney</translation>
    </message>
    <message>
        <source>请携带参保人（委托人）签名的授权委托书原件</source>
        <translation>Please bring the original power of attorney signed by the insured person (the principal)</translation>
    </message>
    <message>
        <source>代办人有效身份证件</source>
        <translation>Agent's valid identity document</translation>
    </message>
    <message>
        <source>请携带代办人本人有效身份证件原件</source>
        <translation>Please bring the original of the agent's own valid identity document</translation>
    </message>
    <message>
        <source>统一社会信用代码有效</source>
        <translation>Valid unified social credit code</translation>
    </message>
    <message>
        <source>统一社会信用代码无效</source>
        <translation>Invalid unified social credit code</translation>
    </message>
    <message>
        <source>参保人证件号码有效</source>
        <translation>Insured person's ID number valid</translation>
    </message>
    <message>
        <source>参保人证件号码无效</source>
        <translation>Insured person's ID number invalid</translation>
    </message>
    <message>
        <source>尚未在本市参加职工基本养老保险</source>
        <translation>Not yet enrolled in the employees' basic pension insurance in this city</translation>
    </message>
    <message>
        <source>已在本市参加职工基本养老保险，无需重复参保登记</source>
        <translation>Already enrolled in the employees' basic pension insurance in this city; no second enrolment is needed</translation>
    </message>
    <message>
        <source>办理参保登记</source>
        <translation>Carry out the enrolment registration</translation>
    </message>
    <message>
        <source>办理参保缴费</source>
        <translation>Carry out the enrolment and contributions</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>材料不齐全（一次性告知）</source>
        <translation>Materials incomplete (one-time notice)</translation>
    </message>
    <message>
        <source>不符合受理条件（不予受理）</source>
        <translation>Acceptance conditions not met (not accepted)</translation>
    </message>
    <message>
        <source>即时办结</source>
        <translation>Completed on the spot</translation>
    </message>
    <message>
        <source>同一参保对象的两件参保登记，会登记两次、建立两个个人账户（6.1.1.2.3、6.3.1.1）：一件在办或办结未归档时不能再办；归档后再登记的，由受理条件按参保状态核对（核心业务系统尚未记录的，按已办结的参保登记视为已参保）</source>
        <translation>Two registrations of the same insured party would register it twice and open two personal accounts (6.1.1.2.3, 6.3.1.1): none while one is in hand or completed and not yet archived; a registration after one is archived is checked against the insurance status by the acceptance conditions (a completed registration the core system has not recorded yet counts as registered)</translation>
    </message>
    <message>
        <source>变更登记</source>
        <translation>Change registration</translation>
    </message>
    <message>
        <source>图4</source>
        <translation>Figure 4</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Unit name</translation>
    </message>
    <message>
        <source>单位基本信息</source>
        <translation>Unit's basic information</translation>
    </message>
    <message>
        <source>单位注册地址</source>
        <translation>Unit's registered address</translation>
    </message>
    <message>
        <source>单位性质</source>
        <translation>Nature of the unit</translation>
    </message>
    <message>
        <source>单位联系地址</source>
        <translation>Unit's contact address</translation>
    </message>
    <message>
        <source>单位联系电话</source>
        <translation>Unit's contact phone</translation>
    </message>
    <message>
        <source>单位电子邮箱</source>
        <translation>Unit's e-mail</translation>
    </message>
    <message>
        <source>经济类型</source>
        <translation>Economic type</translation>
    </message>
    <message>
        <source>隶属关系</source>
        <translation>Affiliation</translation>
    </message>
    <message>
        <source>单位成立日期</source>
        <translation>Unit's date of establishment</translation>
    </message>
    <message>
        <source>发证部门</source>
        <translation>Issuing authority</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>组织机构代码</source>
        <translation>Organization code</translation>
    </message>
    <message>
        <source>法定代表人信息</source>
        <translation>Legal representative's information</translation>
    </message>
    <message>
        <source>邮政编码</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <source>经办人信息</source>
        <translation>Handler's information</translation>
    </message>
    <message>
        <source>参保险种</source>
        <translation>Insurance types enrolled</translation>
    </message>
    <message>
        <source>银行账号</source>
        <translation>Bank account number</translation>
    </message>
    <message>
        <source>单位密码重置</source>
        <translation>Unit password reset</translation>
    </message>
    <message>
        <source>单位恢复参保</source>
        <translation>Unit's resumption of enrolment</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>重要信息</source>
        <translation>Key information</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>户籍</source>
        <translation>Household registration</translation>
    </message>
    <message>
        <source>国家/地区</source>
        <translation>Country/region</translation>
    </message>
    <message>
        <source>个人身份</source>
        <translation>Personal status</translation>
    </message>
    <message>
        <source>入深户时间</source>
        <translation>Date of Shenzhen household registration</translation>
    </message>
    <message>
        <source>一般信息</source>
        <translation>General information</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>送达地址</source>
        <translation>Delivery address</translation>
    </message>
    <message>
        <source>手机号码</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <source>学历</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>就业登记证信息</source>
        <translation>Employment registration certificate information</translation>
    </message>
    <message>
        <source>电子邮箱</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>首次参加工作时间</source>
        <translation>Date of first employment</translation>
    </message>
    <message>
        <source>工资</source>
        <translation>Wage</translation>
    </message>
    <message>
        <source>用工形式</source>
        <translation>Form of employment</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>银行信息</source>
        <translation>Bank information</translation>
    </message>
    <message>
        <source>职称</source>
        <translation>Professional title</translation>
    </message>
    <message>
        <source>国家职业资格或职业技能等级</source>
        <translation>National vocational qualification or vocational skill level</translation>
    </message>
    <message>
        <source>居住证有效起始日期</source>
        <translation>Residence permit valid from</translation>
    </message>
    <message>
        <source>居住证有效终止日期</source>
        <translation>Residence permit valid until</translation>
    </message>
    <message>
        <source>家庭住址</source>
        <translation>Home address</translation>
    </message>
    <message>
        <source>生僻字备注</source>
        <translation>Remarks on rare characters</translation>
    </message>
    <message>
        <source>参保险种变更</source>
        <translation>Change of insurance types</translation>
    </message>
    <message>
        <source>本地临时缴费账户标记</source>
        <translation>Local temporary contribution account mark</translation>
    </message>
    <message>
        <source>临时缴费账户标记</source>
        <translation>Temporary contribution account mark</translation>
    </message>
    <message>
        <source>取消本地临时缴费账户标记</source>
        <translation>Remove the local temporary contribution account mark</translation>
    </message>
    <message>
        <source>重要信息（姓名、证件号码、户籍、国家/地区、个人身份）与一般信息分开：5.1.2.2 列明重要信息的范围；重要信息变更须另交证明材料是经办机构的要求（材料清单，maintained_by: agency），不是本标准的条款。</source>
        <translation>Key information (name, ID number, household registration, country/region, personal status) is kept apart from general information: 5.1.2.2 lists what key information covers; that a change of key information needs further proof is a requirement of the agency (material list, maintained_by: agency), not a clause of this standard.</translation>
    </message>
    <message>
        <source>参保单位信息变更登记表</source>
        <translation>Information change registration form of the insured unit</translation>
    </message>
    <message>
        <source>请填写并加盖单位公章的信息变更登记表</source>
        <translation>The information change registration form, filled in and stamped with the unit's official seal</translation>
    </message>
    <message>
        <source>变更后的营业执照或登记机关变更核准通知书</source>
        <translation>Business licence after the change or the registration authority's notice approving the change</translation>
    </message>
    <message>
        <source>请携带登记机关出具的变更后的营业执照或变更核准通知书</source>
        <translation>Please bring the business licence after the change or the notice approving the change issued by the registration authority</translation>
    </message>
    <message>
        <source>新任法定代表人身份证件及任职文件</source>
        <translation>New legal representative's identity document and appointment document</translation>
    </message>
    <message>
        <source>请携带新任法定代表人身份证件及任职文件</source>
        <translation>Please bring the new legal representative's identity document and appointment document</translation>
    </message>
    <message>
        <source>单位新银行开户证明</source>
        <translation>Unit's new bank account opening certificate</translation>
    </message>
    <message>
        <source>请携带单位新银行开户证明</source>
        <translation>Please bring the unit's new bank account opening certificate</translation>
    </message>
    <message>
        <source>单位授权经办人证明（加盖公章）</source>
        <translation>Unit's authorisation of the handler (stamped with the official seal)</translation>
    </message>
    <message>
        <source>请携带单位授权经办人证明（加盖公章）</source>
        <translation>Please bring the unit's authorisation of the handler (stamped with the official seal)</translation>
    </message>
    <message>
        <source>单位恢复参保申请（加盖公章）</source>
        <translation>Unit's application to resume enrolment (stamped with the official seal)</translation>
    </message>
    <message>
        <source>请携带单位恢复参保申请（加盖公章）</source>
        <translation>Please bring the unit's application to resume enrolment (stamped with the official seal)</translation>
    </message>
    <message>
        <source>参保人信息变更申请表</source>
        <translation>Insured person's information change application form</translation>
    </message>
    <message>
        <source>请填写并签名的参保人信息变更申请表</source>
        <translation>The insured person's information change application form, filled in and signed</translation>
    </message>
    <message>
        <source>重要信息变更证明（公安机关出具的姓名/证件号码变更证明、户口簿、国籍证明或身份认定文件）</source>
        <translation>Proof of the key information change (the public security authority's proof of the name/ID number change, household register, proof of nationality or identity determination document)</translation>
    </message>
    <message>
        <source>重要信息变更须提供公安等主管机关出具的变更证明原件</source>
        <translation>A change of key information needs the original proof of the change issued by the public security or other competent authority</translation>
    </message>
    <message>
        <source>变更前证件或信息的证明</source>
        <translation>Proof of the document or information before the change</translation>
    </message>
    <message>
        <source>请携带变更前的证件或能证明原信息的材料</source>
        <translation>Please bring the document from before the change or material that proves the original information</translation>
    </message>
    <message>
        <source>户口簿或公安机关出具的证明</source>
        <translation>Household register or certificate issued by the public security authority</translation>
    </message>
    <message>
        <source>请携带户口簿或公安机关出具的证明</source>
        <translation>Please bring the household register or a certificate issued by the public security authority</translation>
    </message>
    <message>
        <source>本人银行卡</source>
        <translation>Own bank card</translation>
    </message>
    <message>
        <source>请携带本人银行卡</source>
        <translation>Please bring your own bank card</translation>
    </message>
    <message>
        <source>学历、职称或职业资格证书</source>
        <translation>Education, professional title or vocational qualification certificate</translation>
    </message>
    <message>
        <source>请携带学历、职称或职业资格证书</source>
        <translation>Please bring the education, professional title or vocational qualification certificate</translation>
    </message>
    <message>
        <source>首次参加工作时间证明（档案记载）</source>
        <translation>Proof of the date of first employment (as recorded in the personnel file)</translation>
    </message>
    <message>
        <source>请携带首次参加工作时间证明（档案记载）</source>
        <translation>Please bring the proof of the date of first employment (as recorded in the personnel file)</translation>
    </message>
    <message>
        <source>有效居住证</source>
        <translation>Valid residence permit</translation>
    </message>
    <message>
        <source>请携带有效居住证</source>
        <translation>Please bring a valid residence permit</translation>
    </message>
    <message>
        <source>临时缴费账户标记或取消的依据材料</source>
        <translation>Supporting material for marking or removing the temporary contribution account</translation>
    </message>
    <message>
        <source>请携带临时缴费账户标记或取消的依据材料</source>
        <translation>Please bring the supporting material for marking or removing the temporary contribution account</translation>
    </message>
    <message>
        <source>已在本市办理职工基本养老保险参保登记</source>
        <translation>Enrolled in the employees' basic pension insurance in this city</translation>
    </message>
    <message>
        <source>尚未在本市办理职工基本养老保险参保登记，请先办理参保登记</source>
        <translation>Not yet enrolled in the employees' basic pension insurance in this city; please carry out the enrolment registration first</translation>
    </message>
    <message>
        <source>参保人已停止参保（参保登记已注销），不能办理变更登记，如需重新参保请办理参保登记</source>
        <translation>The insured person's enrolment has already been stopped (the enrolment registration is cancelled); no change registration can be made. To enrol again, please carry out the enrolment registration</translation>
    </message>
    <message>
        <source>参保单位已办理注销登记，不能办理变更登记</source>
        <translation>The insured unit has already been deregistered; no change registration can be made</translation>
    </message>
    <message>
        <source>办理信息变更</source>
        <translation>Carry out the information change</translation>
    </message>
    <message>
        <source>同一项目的两件变更同时在办，后办结的覆盖先办结的，结果取决于办结先后；不同项目各改各的信息，互不影响，可分别办理（一件也可同时变更多个项目）</source>
        <translation>Two changes of the same item in hand at once overwrite each other, the result depending on which is completed last; changes of different items touch different data and may be handled apart (one case may also change several items)</translation>
    </message>
    <message>
        <source>注销登记/停止参保</source>
        <translation>Deregistration / stop of enrolment</translation>
    </message>
    <message>
        <source>图6</source>
        <translation>Figure 6</translation>
    </message>
    <message>
        <source>营业执照被注销或吊销</source>
        <translation>Business licence cancelled or revoked</translation>
    </message>
    <message>
        <source>单位注销登记</source>
        <translation>Unit deregistration</translation>
    </message>
    <message>
        <source>被批准解散、撤销、合并、破产、终止</source>
        <translation>Dissolution, cancellation, merger, bankruptcy or termination approved</translation>
    </message>
    <message>
        <source>法律法规规定的其他情形（单位）</source>
        <translation>Other cases set by laws and regulations (unit)</translation>
    </message>
    <message>
        <source>中止劳动关系</source>
        <translation>Labour relationship suspended</translation>
    </message>
    <message>
        <source>参保人停止参保</source>
        <translation>Insured person stops enrolment</translation>
    </message>
    <message>
        <source>参保人死亡</source>
        <translation>Death of the insured person</translation>
    </message>
    <message>
        <source>社会保险关系转出</source>
        <translation>Social insurance relationship transferred out</translation>
    </message>
    <message>
        <source>个人缴费人员自愿申请停止参保</source>
        <translation>Individual contributor's voluntary application to stop enrolment</translation>
    </message>
    <message>
        <source>法律法规规定的其他情形（参保人）</source>
        <translation>Other cases set by laws and regulations (insured person)</translation>
    </message>
    <message>
        <source>参保单位注销登记申请表（加盖公章）</source>
        <translation>Deregistration application form of the insured unit (stamped with the official seal)</translation>
    </message>
    <message>
        <source>请携带参保单位注销登记申请表（加盖公章）</source>
        <translation>Please bring the deregistration application form of the insured unit (stamped with the official seal)</translation>
    </message>
    <message>
        <source>请携带单位经办人身份证件</source>
        <translation>Please bring the unit handler's identity document</translation>
    </message>
    <message>
        <source>营业执照注销或吊销证明</source>
        <translation>Proof of cancellation or revocation of the business licence</translation>
    </message>
    <message>
        <source>请携带登记机关出具的注销或吊销证明</source>
        <translation>Please bring the proof of cancellation or revocation issued by the registration authority</translation>
    </message>
    <message>
        <source>批准解散、撤销、合并、破产或终止的文件</source>
        <translation>Document approving the dissolution, cancellation, merger, bankruptcy or termination</translation>
    </message>
    <message>
        <source>请携带批准解散、撤销、合并、破产或终止的文件</source>
        <translation>Please bring the document approving the dissolution, cancellation, merger, bankruptcy or termination</translation>
    </message>
    <message>
        <source>法律法规规定情形的证明文书</source>
        <translation>Certificate of the case set by laws and regulations</translation>
    </message>
    <message>
        <source>请携带法律法规规定情形的证明文书</source>
        <translation>Please bring the certificate of the case set by laws and regulations</translation>
    </message>
    <message>
        <source>参保人停止参保申请表</source>
        <translation>Insured person's stop-of-enrolment application form</translation>
    </message>
    <message>
        <source>请携带参保人停止参保申请表</source>
        <translation>Please bring the insured person's stop-of-enrolment application form</translation>
    </message>
    <message>
        <source>参保人有效身份证件（或复印件）</source>
        <translation>Insured person's valid identity document (or a copy)</translation>
    </message>
    <message>
        <source>请携带参保人有效身份证件（或复印件）</source>
        <translation>Please bring the insured person's valid identity document (or a copy)</translation>
    </message>
    <message>
        <source>解除或终止劳动关系证明</source>
        <translation>Proof of the dissolution or termination of the labour relationship</translation>
    </message>
    <message>
        <source>请携带解除或终止劳动关系证明</source>
        <translation>Please bring the proof of the dissolution or termination of the labour relationship</translation>
    </message>
    <message>
        <source>参保人死亡证明（医学死亡证明或户籍注销证明）</source>
        <translation>Insured person's death certificate (medical death certificate or certificate of household registration cancellation)</translation>
    </message>
    <message>
        <source>请携带参保人死亡证明（医学死亡证明或户籍注销证明）</source>
        <translation>Please bring the insured person's death certificate (medical death certificate or certificate of household registration cancellation)</translation>
    </message>
    <message>
        <source>申请人（遗属）有效身份证件</source>
        <translation>Applicant's (survivor's) valid identity document</translation>
    </message>
    <message>
        <source>请携带申请人（遗属）有效身份证件</source>
        <translation>Please bring the applicant's (survivor's) valid identity document</translation>
    </message>
    <message>
        <source>社会保险关系转出凭证</source>
        <translation>Voucher of the social insurance relationship transfer-out</translation>
    </message>
    <message>
        <source>请携带社会保险关系转出凭证</source>
        <translation>Please bring the voucher of the social insurance relationship transfer-out</translation>
    </message>
    <message>
        <source>尚未在本市办理职工基本养老保险参保登记</source>
        <translation>Not yet enrolled in the employees' basic pension insurance in this city</translation>
    </message>
    <message>
        <source>参保人已停止参保（参保登记已注销），无需重复办理</source>
        <translation>The insured person's enrolment has already been stopped (the enrolment registration is cancelled); there is nothing to stop again</translation>
    </message>
    <message>
        <source>参保单位已办理注销登记，无需重复办理</source>
        <translation>The insured unit has already been deregistered; there is nothing to deregister again</translation>
    </message>
    <message>
        <source>参保人已死亡，应以「参保人死亡」情形申请停止参保（5.1.3.2）</source>
        <translation>The insured person has died: the stop of enrolment is to be applied for on the ground “Death of the insured person” (5.1.3.2)</translation>
    </message>
    <message>
        <source>参保人已退休（领取待遇），不是个人缴费人员，不适用「个人缴费人员自愿申请停止参保」情形（5.1.3.2）</source>
        <translation>The insured person is retired (drawing a benefit), not an individual contributor: the ground “Individual contributor's voluntary application to stop enrolment” does not apply (5.1.3.2)</translation>
    </message>
    <message>
        <source>参保人已退休（领取待遇），5.1.3.2未规定已退休人员能否以此情形停止参保</source>
        <translation>The insured person is retired (drawing a benefit); 5.1.3.2 does not say whether a retired person may stop enrolment on this ground</translation>
    </message>
    <message>
        <source>参保人已退休（领取待遇），经办人核实申请材料，不符合「中止劳动关系」停止参保情形</source>
        <translation>The insured person is retired (drawing a benefit); the clerk checked the application documents: the ground “Labour relationship suspended” for stopping enrolment is not met</translation>
    </message>
    <message>
        <source>参保人已退休（领取待遇），经办人核实申请材料，不符合「社会保险关系转出」停止参保情形</source>
        <translation>The insured person is retired (drawing a benefit); the clerk checked the application documents: the ground “Social insurance relationship transferred out” for stopping enrolment is not met</translation>
    </message>
    <message>
        <source>办理注销登记或停止参保</source>
        <translation>Carry out the deregistration or stop of enrolment</translation>
    </message>
    <message>
        <source>两件注销登记/停止参保，会两次停止参保、两次封存个人账户（6.3.1.2）：一件在办或办结未归档时不能再办；归档后的，由受理条件按参保状态核对（核心业务系统尚未记录的，按已办结的注销视为已注销）</source>
        <translation>Two deregistrations / stops would stop the insurance twice and seal the personal account twice (6.3.1.2): none while one is in hand or completed and not yet archived; one after it is archived is checked against the insurance status by the acceptance conditions (a completed deregistration the core system has not recorded yet counts as deregistered)</translation>
    </message>
    <message>
        <source>缴费核定</source>
        <translation>Contribution assessment</translation>
    </message>
    <message>
        <source>单位按 6.2.1.1 a)–d) 办理；个人按图2并满足 6.1.1.2.2（6.2.2.2）。</source>
        <translation>Units as in 6.2.1.1 a)–d); individuals as in Figure 2 and meeting 6.1.1.2.2 (6.2.2.2).</translation>
    </message>
    <message>
        <source>单位缴费申报表（加盖公章）</source>
        <translation>Unit's contribution declaration form (stamped with the official seal)</translation>
    </message>
    <message>
        <source>请填写并加盖单位公章的缴费申报表</source>
        <translation>The contribution declaration form, filled in and stamped with the unit's official seal</translation>
    </message>
    <message>
        <source>职工工资明细（缴费基数申报）</source>
        <translation>Employees' wage details (contribution base declaration)</translation>
    </message>
    <message>
        <source>请携带职工工资明细（缴费基数申报）</source>
        <translation>Please bring the employees' wage details (contribution base declaration)</translation>
    </message>
    <message>
        <source>个人缴费申请表</source>
        <translation>Individual contribution application form</translation>
    </message>
    <message>
        <source>请携带个人缴费申请表</source>
        <translation>Please bring the individual contribution application form</translation>
    </message>
    <message>
        <source>已在本市参保登记，且参保状态为参保缴费或暂停</source>
        <translation>Registered in Shenzhen and contributing or suspended</translation>
    </message>
    <message>
        <source>当前参保状态不能核定缴费：须已在本市参保登记，且为参保缴费或暂停状态</source>
        <translation>Contributions cannot be assessed in the current status: the person must be registered in Shenzhen and contributing or suspended</translation>
    </message>
    <message>
        <source>录入参保登记信息</source>
        <translation>Enter the enrolment registration information</translation>
    </message>
    <message>
        <source>确定缴费费率、缴费金额</source>
        <translation>Determine the contribution rate and amount</translation>
    </message>
    <message>
        <source>费款所属期</source>
        <translation>Contribution period</translation>
    </message>
    <message>
        <source>申报缴费基数</source>
        <translation>Declared contribution base</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>核定缴费基数</source>
        <translation>Assessed contribution base</translation>
    </message>
    <message>
        <source>单位缴费比例</source>
        <translation>Unit's contribution rate</translation>
    </message>
    <message>
        <source>个人缴费比例</source>
        <translation>Individual's contribution rate</translation>
    </message>
    <message>
        <source>单位缴费</source>
        <translation>Unit contribution</translation>
    </message>
    <message>
        <source>元/月</source>
        <translation>yuan/month</translation>
    </message>
    <message>
        <source>个人缴费</source>
        <translation>Individual contribution</translation>
    </message>
    <message>
        <source>缴费合计</source>
        <translation>Total contribution</translation>
    </message>
    <message>
        <source>生成缴费明细并推送社会保险费征收机构</source>
        <translation>Generate the contribution details and send them to the social insurance fee collection agency</translation>
    </message>
    <message>
        <source>根据征收机构收缴情况记录缴费信息</source>
        <translation>Record the contribution information according to what the collection agency has collected</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>两件缴费核定同时在办，会两次生成缴费明细推送征收机构，重复征收（6.2.1.1 c）；办结后核定下一期的，可再办理</source>
        <translation>Two contribution assessments in hand at once would send two contribution details to the collection agency and collect twice (6.2.1.1 c); an assessment of a later period after one is completed may be handled</translation>
    </message>
    <message>
        <source>个人账户查询</source>
        <translation>Personal account enquiry</translation>
    </message>
    <message>
        <source>缴费期间查询</source>
        <translation>Enquiry during the contribution period</translation>
    </message>
    <message>
        <source>至少包括：个人基本信息、缴费时间、缴费明细、个人账户储存额</source>
        <translation>At least: personal basic information, contribution periods, contribution details, personal account balance</translation>
    </message>
    <message>
        <source>待遇领取期间查询</source>
        <translation>Enquiry during the benefit period</translation>
    </message>
    <message>
        <source>至少包括：个人基本信息、缴费期个人账户储存额、个人账户养老金支付记录及账户余额</source>
        <translation>At least: personal basic information, personal account balance in the contribution period, personal account pension payment records and account balance</translation>
    </message>
    <message>
        <source>参保人有效身份证件或社会保障卡</source>
        <translation>Insured person's valid identity document or social security card</translation>
    </message>
    <message>
        <source>请携带参保人有效身份证件或社会保障卡</source>
        <translation>Please bring the insured person's valid identity document or social security card</translation>
    </message>
    <message>
        <source>已建立个人账户（首次缴费后建立）</source>
        <translation>Personal account set up (set up after the first contribution)</translation>
    </message>
    <message>
        <source>参保人尚未建立职工基本养老保险个人账户（首次缴费后建立）</source>
        <translation>The insured person has no employees' basic pension insurance personal account yet (set up after the first contribution)</translation>
    </message>
    <message>
        <source>查询情形与档案状态相符（缴费期间查询：尚未领取基本养老金；待遇领取期间查询：已领取基本养老金）</source>
        <translation>The query period matches the record's status (contribution period: not yet drawing a pension; drawing period: drawing a pension)</translation>
    </message>
    <message>
        <source>查询情形与参保档案状态不符</source>
        <translation>The query period does not match the record's status</translation>
    </message>
    <message>
        <source>参保人已在领取基本养老金，应办理待遇领取期间查询（6.3.3.2）</source>
        <translation>The insured person already draws a basic pension: query the drawing period (6.3.3.2)</translation>
    </message>
    <message>
        <source>参保人尚未领取基本养老金，应办理缴费期间查询（6.3.3.1）</source>
        <translation>The insured person does not draw a basic pension yet: query the contribution period (6.3.3.1)</translation>
    </message>
    <message>
        <source>参保人未领取基本养老金（参保登记已注销），应办理缴费期间查询（6.3.3.1）</source>
        <translation>The insured person drew no basic pension (registration cancelled): query the contribution period (6.3.3.1)</translation>
    </message>
    <message>
        <source>参保人已死亡，须核实其生前是否已领取基本养老金</source>
        <translation>The insured person has died: check whether they drew a basic pension in their lifetime</translation>
    </message>
    <message>
        <source>参保人生前未领取基本养老金，应办理缴费期间查询（6.3.3.1）</source>
        <translation>The insured person drew no basic pension in their lifetime: query the contribution period (6.3.3.1)</translation>
    </message>
    <message>
        <source>查询并出具个人账户对账单</source>
        <translation>Query and issue the personal account statement</translation>
    </message>
    <message>
        <source>参保缴费起始年月</source>
        <translation>Insured and contributing since (month)</translation>
    </message>
    <message>
        <source>实际缴费月数</source>
        <translation>Actual contribution months</translation>
    </message>
    <message>
        <source>个月</source>
        <translation>months</translation>
    </message>
    <message>
        <source>个人账户储存额（余额）</source>
        <translation>Personal account balance</translation>
    </message>
    <message>
        <source>缴费期个人账户储存额（待遇领取期填写）</source>
        <translation>Account balance at the end of the contribution period (drawing period)</translation>
    </message>
    <message>
        <source>待遇领取起始年月（待遇领取期填写）</source>
        <translation>Benefit drawn since (month; drawing period)</translation>
    </message>
    <message>
        <source>个人账户养老金累计支付额（待遇领取期填写）</source>
        <translation>Personal account pension paid to date (drawing period)</translation>
    </message>
    <message>
        <source>查询只出具个人账户信息，不改变任何记录（6.3.3），重复查询或重打无害</source>
        <translation>A query only gives the personal account information and changes no record (6.3.3); querying or printing again does no harm</translation>
    </message>
    <message>
        <source>一般缴费账户关系转入</source>
        <translation>Transfer-in of a general contribution account</translation>
    </message>
    <message>
        <source>养老保险关系转移接续申请表</source>
        <translation>Pension insurance relationship transfer and continuation application form</translation>
    </message>
    <message>
        <source>请携带养老保险关系转移接续申请表</source>
        <translation>Please bring the pension insurance relationship transfer and continuation application form</translation>
    </message>
    <message>
        <source>转出地社保机构出具的参保缴费凭证</source>
        <translation>Enrolment and contribution voucher issued by the social insurance agency of the transferring-out place</translation>
    </message>
    <message>
        <source>如有，请携带转出地社保机构出具的参保缴费凭证</source>
        <translation>If you have it, please bring the enrolment and contribution voucher issued by the social insurance agency of the transferring-out place</translation>
    </message>
    <message>
        <source>职工基本养老保险关系需要跨省转移</source>
        <translation>The employees' basic pension insurance relationship needs an inter-provincial transfer</translation>
    </message>
    <message>
        <source>不属于跨省转移接续情形</source>
        <translation>Not a case of inter-provincial transfer and continuation</translation>
    </message>
    <message>
        <source>已在本市参加职工基本养老保险</source>
        <translation>Enrolled in the employees' basic pension insurance in this city</translation>
    </message>
    <message>
        <source>尚未在本市参加职工基本养老保险，不能转入</source>
        <translation>Not yet enrolled in the employees' basic pension insurance in this city; cannot transfer in</translation>
    </message>
    <message>
        <source>生成《基本养老保险缴费账户转移联系函》</source>
        <translation>Generate the "Basic Pension Insurance Contribution Account Transfer Contact Letter"</translation>
    </message>
    <message>
        <source>转出地（省市县，须为外省）</source>
        <translation>Transferring region (province, city, county; another province)</translation>
    </message>
    <message>
        <source>转出地社保经办机构</source>
        <translation>Social insurance agency of the transferring-out place</translation>
    </message>
    <message>
        <source>传送《基本养老保险缴费账户转移联系函》至转出地社保机构</source>
        <translation>Send the "Basic Pension Insurance Contribution Account Transfer Contact Letter" to the social insurance agency of the transferring-out place</translation>
    </message>
    <message>
        <source>等待转出地发送《基本养老保险缴费账户转移接续信息表》</source>
        <translation>Wait for the transferring-out place to send the "Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet"</translation>
    </message>
    <message>
        <source>收到《基本养老保险缴费账户转移接续信息表》</source>
        <translation>"Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet" received</translation>
    </message>
    <message>
        <source>审核《基本养老保险缴费账户转移接续信息表》</source>
        <translation>Review the "Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet"</translation>
    </message>
    <message>
        <source>接续养老保险关系并反馈办理结果</source>
        <translation>Continue the pension insurance relationship and report the result back</translation>
    </message>
    <message>
        <source>接续完成</source>
        <translation>Continuation completed</translation>
    </message>
    <message>
        <source>两件转入会发出两份转移联系函、两次接续关系（6.4.1.1.1.2、6.4.1.1.1.3）</source>
        <translation>Two transfers in would send two transfer contact letters and continue the relation twice (6.4.1.1.1.2, 6.4.1.1.1.3)</translation>
    </message>
    <message>
        <source>一般缴费账户关系转出</source>
        <translation>Transfer-out of a general contribution account</translation>
    </message>
    <message>
        <source>窗口转出只有两种审核结果：不符合办理条件的不予受理并告知原因；符合的予以办理。材料缺失按不符合办理条件处理。</source>
        <translation>A transfer-out at the counter has only two review results: if the conditions are not met, it is not accepted and the reason is given; if they are met, it is handled. Missing materials count as conditions not met.</translation>
    </message>
    <message>
        <source>《基本养老保险缴费账户转移联系函》</source>
        <translation>"Basic Pension Insurance Contribution Account Transfer Contact Letter"</translation>
    </message>
    <message>
        <source>请转入地社保机构出具《基本养老保险缴费账户转移联系函》</source>
        <translation>Please have the social insurance agency of the transferring-in place issue the "Basic Pension Insurance Contribution Account Transfer Contact Letter"</translation>
    </message>
    <message>
        <source>《基本养老保险缴费账户转移联系函》符合要求</source>
        <translation>"Basic Pension Insurance Contribution Account Transfer Contact Letter" meets the requirements</translation>
    </message>
    <message>
        <source>《基本养老保险缴费账户转移联系函》不符合要求</source>
        <translation>"Basic Pension Insurance Contribution Account Transfer Contact Letter" does not meet the requirements</translation>
    </message>
    <message>
        <source>在本市参加职工基本养老保险（参保缴费或暂停），有本地养老保险关系可转出</source>
        <translation>Insured in Shenzhen (contributing or suspended), with a local pension insurance relationship to transfer out</translation>
    </message>
    <message>
        <source>没有可转出的本地职工基本养老保险关系</source>
        <translation>No local employee basic pension insurance relationship to transfer out</translation>
    </message>
    <message>
        <source>生成《基本养老保险缴费账户转移接续信息表》</source>
        <translation>Generate the "Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet"</translation>
    </message>
    <message>
        <source>转入地（省市县，须为外省）</source>
        <translation>Receiving region (province, city, county; another province)</translation>
    </message>
    <message>
        <source>转入地社保经办机构</source>
        <translation>Social insurance agency of the transferring-in place</translation>
    </message>
    <message>
        <source>参保起始年月</source>
        <translation>Insured from (month)</translation>
    </message>
    <message>
        <source>参保截止年月</source>
        <translation>Insured until (month)</translation>
    </message>
    <message>
        <source>个人账户储存额</source>
        <translation>Personal account balance</translation>
    </message>
    <message>
        <source>统筹基金转移额</source>
        <translation>Pooled fund amount transferred</translation>
    </message>
    <message>
        <source>向转入地社保机构发送《基本养老保险缴费账户转移接续信息表》</source>
        <translation>Send the "Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet" to the social insurance agency of the transferring-in place</translation>
    </message>
    <message>
        <source>与转入地社保机构对接基金划转手续</source>
        <translation>Arrange the fund transfer with the social insurance agency of the transferring-in place</translation>
    </message>
    <message>
        <source>划转基金金额</source>
        <translation>Fund amount transferred</translation>
    </message>
    <message>
        <source>划转日期（YYYY-MM-DD）</source>
        <translation>Transfer date (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>终结本地养老保险关系</source>
        <translation>Terminate the local pension insurance relationship</translation>
    </message>
    <message>
        <source>转出完成</source>
        <translation>Transfer-out completed</translation>
    </message>
    <message>
        <source>两件转出会发出两份转移接续信息表、两次划转基金（6.4.1.2.2）</source>
        <translation>Two transfers out would send two transfer information sheets and move the fund twice (6.4.1.2.2)</translation>
    </message>
    <message>
        <source>临时缴费账户关系转入</source>
        <translation>Transfer-in of a temporary contribution account</translation>
    </message>
    <message>
        <source>生成《临时基本养老保险缴费账户转移联系函》</source>
        <translation>Generate the "Temporary Basic Pension Insurance Contribution Account Transfer Contact Letter"</translation>
    </message>
    <message>
        <source>传送《临时基本养老保险缴费账户转移联系函》至转出地社保机构</source>
        <translation>Send the "Temporary Basic Pension Insurance Contribution Account Transfer Contact Letter" to the social insurance agency of the transferring-out place</translation>
    </message>
    <message>
        <source>等待转出地发送《临时基本养老保险缴费账户转移接续信息表》</source>
        <translation>Wait for the transferring-out place to send the "Temporary Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet"</translation>
    </message>
    <message>
        <source>收到《临时基本养老保险缴费账户转移接续信息表》</source>
        <translation>"Temporary Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet" received</translation>
    </message>
    <message>
        <source>审核《临时基本养老保险缴费账户转移接续信息表》</source>
        <translation>Review the "Temporary Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet"</translation>
    </message>
    <message>
        <source>两件转入会发出两份临时缴费账户转移联系函、两次接续关系（6.4.2.1.1.2）</source>
        <translation>Two transfers in would send two temporary-account transfer contact letters and continue the relation twice (6.4.2.1.1.2)</translation>
    </message>
    <message>
        <source>受理审核按 6.4.2.1.3（即 6.4.1.1.2.1）；受理后按 6.4.2.1.4（即 6.4.2.1.1.2、6.4.2.1.1.3）。</source>
        <translation>Acceptance review as in 6.4.2.1.3 (i.e. 6.4.1.1.2.1); after acceptance as in 6.4.2.1.4 (i.e. 6.4.2.1.1.2, 6.4.2.1.1.3).</translation>
    </message>
    <message>
        <source>临时缴费账户关系转出</source>
        <translation>Transfer-out of a temporary contribution account</translation>
    </message>
    <message>
        <source>《临时基本养老保险缴费账户转移联系函》</source>
        <translation>"Temporary Basic Pension Insurance Contribution Account Transfer Contact Letter"</translation>
    </message>
    <message>
        <source>请转入地社保机构出具《临时基本养老保险缴费账户转移联系函》</source>
        <translation>Please have the social insurance agency of the transferring-in place issue the "Temporary Basic Pension Insurance Contribution Account Transfer Contact Letter"</translation>
    </message>
    <message>
        <source>《临时基本养老保险缴费账户转移联系函》符合要求</source>
        <translation>"Temporary Basic Pension Insurance Contribution Account Transfer Contact Letter" meets the requirements</translation>
    </message>
    <message>
        <source>《临时基本养老保险缴费账户转移联系函》不符合要求</source>
        <translation>"Temporary Basic Pension Insurance Contribution Account Transfer Contact Letter" does not meet the requirements</translation>
    </message>
    <message>
        <source>生成《临时基本养老保险缴费账户转移接续信息表》</source>
        <translation>Generate the "Temporary Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet"</translation>
    </message>
    <message>
        <source>向转入地社保机构发送《临时基本养老保险缴费账户转移接续信息表》</source>
        <translation>Send the "Temporary Basic Pension Insurance Contribution Account Transfer and Continuation Information Sheet" to the social insurance agency of the transferring-in place</translation>
    </message>
    <message>
        <source>两件转出会发出两份临时缴费账户转移接续信息表、两次划转基金（6.4.2.2.2）</source>
        <translation>Two transfers out would send two temporary-account transfer information sheets and move the fund twice (6.4.2.2.2)</translation>
    </message>
    <message>
        <source>历史信息审核</source>
        <translation>History review</translation>
    </message>
    <message>
        <source>图9</source>
        <translation>Figure 9</translation>
    </message>
    <message>
        <source>基本养老保险历史信息审核</source>
        <translation>Basic pension insurance history review</translation>
    </message>
    <message>
        <source>病残津贴历史信息审核</source>
        <translation>Disability allowance history review</translation>
    </message>
    <message>
        <source>丧葬补助金、抚恤金历史信息审核</source>
        <translation>Funeral grant and survivor's pension history review</translation>
    </message>
    <message>
        <source>历史信息（视同缴费年限）审核申请表</source>
        <translation>History (deemed contribution years) review application form</translation>
    </message>
    <message>
        <source>请携带历史信息（视同缴费年限）审核申请表</source>
        <translation>Please bring the history (deemed contribution years) review application form</translation>
    </message>
    <message>
        <source>人事档案或原始招工、录用、工作经历证明材料</source>
        <translation>Personnel file or original proof of recruitment, hiring and work experience</translation>
    </message>
    <message>
        <source>请携带人事档案（或档案保管机构出具的原始材料复印件并加盖公章）</source>
        <translation>Please bring the personnel file (or copies of the original material from the file custodian, stamped with its official seal)</translation>
    </message>
    <message>
        <source>劳动能力鉴定结论（因病或非因工致残完全丧失劳动能力）</source>
        <translation>Work capacity assessment conclusion (complete loss of work capacity through illness or non-work-related disability)</translation>
    </message>
    <message>
        <source>请携带劳动能力鉴定结论（因病或非因工致残完全丧失劳动能力）</source>
        <translation>Please bring the work capacity assessment conclusion (complete loss of work capacity through illness or non-work-related disability)</translation>
    </message>
    <message>
        <source>参保人死亡证明</source>
        <translation>Insured person's death certificate</translation>
    </message>
    <message>
        <source>请携带参保人死亡证明</source>
        <translation>Please bring the insured person's death certificate</translation>
    </message>
    <message>
        <source>申请人与参保人的亲属关系证明</source>
        <translation>Proof of kinship between the applicant and the insured person</translation>
    </message>
    <message>
        <source>请携带申请人与参保人的亲属关系证明</source>
        <translation>Please bring the proof of kinship between the applicant and the insured person</translation>
    </message>
    <message>
        <source>请携带遗属（委托人）签名的授权委托书原件</source>
        <translation>Please bring the original power of attorney signed by the survivor (the principal)</translation>
    </message>
    <message>
        <source>参加我市基本养老保险、待遇领取地为我市、尚未核定历史信息</source>
        <translation>Enrolled in this city's basic pension insurance, benefits to be drawn in this city, history not yet assessed</translation>
    </message>
    <message>
        <source>不符合基本养老保险历史信息审核条件（5.5.1）</source>
        <translation>Conditions for the basic pension insurance history review not met (5.5.1)</translation>
    </message>
    <message>
        <source>符合5.5.1且因病或非因工致残完全丧失劳动能力</source>
        <translation>Meets 5.5.1 and has completely lost work capacity through illness or non-work-related disability</translation>
    </message>
    <message>
        <source>不符合病残津贴历史信息审核条件（5.5.2）</source>
        <translation>Conditions for the disability allowance history review not met (5.5.2)</translation>
    </message>
    <message>
        <source>符合5.5.1且参保人死亡</source>
        <translation>Meets 5.5.1 and the insured person has died</translation>
    </message>
    <message>
        <source>不符合丧葬补助金、抚恤金历史信息审核条件（5.5.3）</source>
        <translation>Conditions for the funeral grant and survivor's pension history review not met (5.5.3)</translation>
    </message>
    <message>
        <source>审核历史信息材料</source>
        <translation>Review the history materials</translation>
    </message>
    <message>
        <source>登记送达方式（根据服务对象意愿：邮寄或窗口自取）</source>
        <translation>Record the delivery method (as the client wishes: by post or collected at the counter)</translation>
    </message>
    <message>
        <source>出具《深圳市企业职工养老保险视同缴费年限核准决定书》</source>
        <translation>Issue the "Shenzhen Enterprise Employees' Pension Insurance Deemed Contribution Years Approval Decision"</translation>
    </message>
    <message>
        <source>服务办结后送达核准决定书</source>
        <translation>Deliver the approval decision once the service is completed</translation>
    </message>
    <message>
        <source>两份视同缴费年限核准决定书可能相互矛盾（6.5.2.3）</source>
        <translation>Two deemed contribution years approval decisions could contradict each other (6.5.2.3)</translation>
    </message>
    <message>
        <source>基本养老金核定</source>
        <translation>Basic pension assessment</translation>
    </message>
    <message>
        <source>图11</source>
        <translation>Figure 11</translation>
    </message>
    <message>
        <source>按法定退休年龄退休</source>
        <translation>Retirement at the statutory retirement age</translation>
    </message>
    <message>
        <source>特殊工种提前退休</source>
        <translation>Early retirement for special types of work</translation>
    </message>
    <message>
        <source>指纹由参保人本人当场采集（6.6.1.1.2.3），故不接受代办人申请。</source>
        <translation>Fingerprints are captured from the insured person in person on the spot (6.6.1.1.2.3), so applications by an agent are not accepted.</translation>
    </message>
    <message>
        <source>基本养老金申领表</source>
        <translation>Basic pension application form</translation>
    </message>
    <message>
        <source>请填写并由参保人签名的基本养老金申领表</source>
        <translation>The basic pension application form, filled in and signed by the insured person</translation>
    </message>
    <message>
        <source>参保人有效身份证件原件</source>
        <translation>Original of the insured person's valid identity document</translation>
    </message>
    <message>
        <source>请携带参保人有效身份证件原件</source>
        <translation>Please bring the original of the insured person's valid identity document</translation>
    </message>
    <message>
        <source>参保人金融社保卡</source>
        <translation>Insured person's financial social security card</translation>
    </message>
    <message>
        <source>基本养老金发放至金融社保卡（6.6.2.1），请携带参保人金融社保卡</source>
        <translation>The basic pension is paid to the financial social security card (6.6.2.1); please bring the insured person's financial social security card</translation>
    </message>
    <message>
        <source>特殊工种提前退休审批材料（工种岗位及年限证明）</source>
        <translation>Approval materials for early retirement for special types of work (proof of the type of work, post and years)</translation>
    </message>
    <message>
        <source>请携带特殊工种提前退休审批材料（工种岗位及年限证明）</source>
        <translation>Please bring the approval materials for early retirement for special types of work (proof of the type of work, post and years)</translation>
    </message>
    <message>
        <source>人事档案</source>
        <translation>Personnel file</translation>
    </message>
    <message>
        <source>特殊工种提前退休须提供人事档案原件</source>
        <translation>Early retirement for special types of work needs the original personnel file</translation>
    </message>
    <message>
        <source>尚未核定领取基本养老金或病残津贴，且参保人未死亡</source>
        <translation>Not yet drawing a pension or allowance; alive</translation>
    </message>
    <message>
        <source>不能办理基本养老金核定</source>
        <translation>the basic pension cannot be assessed</translation>
    </message>
    <message>
        <source>待遇领取地为深圳市、达到法定退休年龄、累计缴费年限满15年</source>
        <translation>Benefits drawn in Shenzhen, retirement age reached, 15 years of contributions</translation>
    </message>
    <message>
        <source>不符合基本养老金核定条件（5.6.1.1）</source>
        <translation>Conditions for the basic pension assessment not met (5.6.1.1)</translation>
    </message>
    <message>
        <source>待遇领取地为深圳市、累计缴费年限满15年（退休年龄按特殊工种提前退休条件确认）</source>
        <translation>Benefit place is Shenzhen and 15 years of contributions (the retirement age as the early-retirement conditions for special work types are confirmed)</translation>
    </message>
    <message>
        <source>历史信息已审核或无需审核</source>
        <translation>History reviewed or not needed</translation>
    </message>
    <message>
        <source>参保人需先办理历史信息审核（6.5）</source>
        <translation>The insured person must first have the history reviewed (6.5)</translation>
    </message>
    <message>
        <source>符合特殊工种提前退休条件</source>
        <translation>Meets the conditions for early retirement for special types of work</translation>
    </message>
    <message>
        <source>不符合特殊工种提前退休条件</source>
        <translation>Does not meet the conditions for early retirement for special types of work</translation>
    </message>
    <message>
        <source>当场采集参保人指纹</source>
        <translation>Capture the insured person's fingerprints on the spot</translation>
    </message>
    <message>
        <source>特殊工种提前退休公示</source>
        <translation>Publicity of the early retirement for special types of work</translation>
    </message>
    <message>
        <source>公示有异议：核查情况</source>
        <translation>Objection during publicity: verify the facts</translation>
    </message>
    <message>
        <source>审核申请材料（需补齐补正的告知补齐补正材料清单）</source>
        <translation>Review the application materials (give a list of materials to supplement or correct where needed)</translation>
    </message>
    <message>
        <source>出具《深圳市企业职工养老保险金核准决定书》</source>
        <translation>Issue the "Shenzhen Enterprise Employees' Pension Insurance Approval Decision"</translation>
    </message>
    <message>
        <source>退休（领取）年月</source>
        <translation>Retirement (year and month)</translation>
    </message>
    <message>
        <source>起领年月</source>
        <translation>Benefit start (year and month)</translation>
    </message>
    <message>
        <source>累计缴费月数（含视同）</source>
        <translation>Total months of contributions (including deemed)</translation>
    </message>
    <message>
        <source>月</source>
        <translation>months</translation>
    </message>
    <message>
        <source>本人平均缴费指数</source>
        <translation>Own average contribution index</translation>
    </message>
    <message>
        <source>计发基数</source>
        <translation>Calculation base</translation>
    </message>
    <message>
        <source>计发月数</source>
        <translation>Months for calculation</translation>
    </message>
    <message>
        <source>基础养老金</source>
        <translation>Basic pension</translation>
    </message>
    <message>
        <source>个人账户养老金（储存额÷计发月数）</source>
        <translation>Personal account pension (balance ÷ months for calculation)</translation>
    </message>
    <message>
        <source>过渡性养老金</source>
        <translation>Transitional pension</translation>
    </message>
    <message>
        <source>养老金月标准（合计）</source>
        <translation>Monthly pension amount (total)</translation>
    </message>
    <message>
        <source>核准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>不予认定</source>
        <translation>Not recognised</translation>
    </message>
    <message>
        <source>两份养老金核准决定书会重复核定、重复发放基本养老金（6.6.1.1.1.2、6.6.2.3）</source>
        <translation>Two pension approval decisions would assess and pay the basic pension twice (6.6.1.1.1.2, 6.6.2.3)</translation>
    </message>
    <message>
        <source>病残津贴核定</source>
        <translation>Disability allowance assessment</translation>
    </message>
    <message>
        <source>病残津贴申领表</source>
        <translation>Disability allowance application form</translation>
    </message>
    <message>
        <source>请携带病残津贴申领表</source>
        <translation>Please bring the disability allowance application form</translation>
    </message>
    <message>
        <source>劳动能力鉴定结论书（完全丧失劳动能力）</source>
        <translation>Work capacity assessment conclusion (complete loss of work capacity)</translation>
    </message>
    <message>
        <source>请携带劳动能力鉴定结论书（完全丧失劳动能力）</source>
        <translation>Please bring the work capacity assessment conclusion (complete loss of work capacity)</translation>
    </message>
    <message>
        <source>病残津贴发放至金融社保卡（6.6.2.1），请携带参保人金融社保卡</source>
        <translation>The disability allowance is paid to the financial social security card (6.6.2.1); please bring the insured person's financial social security card</translation>
    </message>
    <message>
        <source>不能办理病残津贴核定</source>
        <translation>the disability allowance cannot be assessed</translation>
    </message>
    <message>
        <source>未达到法定退休年龄且累计缴费满15年、完全丧失劳动能力、待遇领取地为深圳市</source>
        <translation>Statutory retirement age not reached and at least 15 years of contributions in total, complete loss of work capacity, benefits to be drawn in Shenzhen</translation>
    </message>
    <message>
        <source>不符合病残津贴核定条件（5.6.1.2）</source>
        <translation>Conditions for the disability allowance assessment not met (5.6.1.2)</translation>
    </message>
    <message>
        <source>出具《深圳市企业职工病残津贴核准决定书》</source>
        <translation>Issue the "Shenzhen Enterprise Employees' Disability Allowance Approval Decision"</translation>
    </message>
    <message>
        <source>津贴起领年月</source>
        <translation>Allowance start (year and month)</translation>
    </message>
    <message>
        <source>病残津贴月标准（合计）</source>
        <translation>Monthly disability allowance amount (total)</translation>
    </message>
    <message>
        <source>两份病残津贴核定决定书会重复核定、重复发放病残津贴（6.6.1.2.2、6.6.2.4）</source>
        <translation>Two disability allowance decisions would assess and pay the disability allowance twice (6.6.1.2.2, 6.6.2.4)</translation>
    </message>
    <message>
        <source>丧葬补助金、抚恤金核定</source>
        <translation>Funeral grant and survivor's pension assessment</translation>
    </message>
    <message>
        <source>遗属申请；6.6.1.1.2.3 的指纹步骤由申领人（遗属）当场采集。</source>
        <translation>Applied for by a survivor; the fingerprint step of 6.6.1.1.2.3 captures the claimant (survivor) on the spot.</translation>
    </message>
    <message>
        <source>丧葬补助金、抚恤金申领表</source>
        <translation>Funeral grant and survivor's pension application form</translation>
    </message>
    <message>
        <source>请携带丧葬补助金、抚恤金申领表</source>
        <translation>Please bring the funeral grant and survivor's pension application form</translation>
    </message>
    <message>
        <source>申领人（遗属）有效身份证件</source>
        <translation>Claimant's (survivor's) valid identity document</translation>
    </message>
    <message>
        <source>请携带申领人（遗属）有效身份证件</source>
        <translation>Please bring the claimant's (survivor's) valid identity document</translation>
    </message>
    <message>
        <source>申领人与参保人的亲属关系证明</source>
        <translation>Proof of kinship between the claimant and the insured person</translation>
    </message>
    <message>
        <source>请携带申领人与参保人的亲属关系证明</source>
        <translation>Please bring the proof of kinship between the claimant and the insured person</translation>
    </message>
    <message>
        <source>待遇享有人银行账户</source>
        <translation>Beneficiary's bank account</translation>
    </message>
    <message>
        <source>丧葬补助金和抚恤金发放至待遇享有人银行账户（6.6.2.2），请携带银行卡或开户证明</source>
        <translation>The funeral grant and survivor's pension are paid to the beneficiary's bank account (6.6.2.2); please bring the bank card or the account opening certificate</translation>
    </message>
    <message>
        <source>未领取工伤保险或失业保险丧葬补助金和抚恤金的承诺书</source>
        <translation>Undertaking that no funeral grant or survivor's pension has been drawn from work injury or unemployment insurance</translation>
    </message>
    <message>
        <source>请携带未领取工伤保险或失业保险丧葬补助金和抚恤金的承诺书</source>
        <translation>Please bring the undertaking that no funeral grant or survivor's pension has been drawn from work injury or unemployment insurance</translation>
    </message>
    <message>
        <source>供养直系亲属证明</source>
        <translation>Proof of dependent lineal relatives</translation>
    </message>
    <message>
        <source>如有供养直系亲属，请携带相关证明</source>
        <translation>If there are dependent lineal relatives, please bring the proof</translation>
    </message>
    <message>
        <source>在深圳参保且为最后参保地、因病或非因工死亡、未领取工伤或失业保险丧葬补助金和抚恤金</source>
        <translation>Insured in Shenzhen as the last place of enrolment, died of illness or not from work, no funeral grant or survivor's pension drawn from work injury or unemployment insurance</translation>
    </message>
    <message>
        <source>不符合丧葬补助金、抚恤金申领条件（5.6.1.3）</source>
        <translation>Conditions for claiming the funeral grant and survivor's pension not met (5.6.1.3)</translation>
    </message>
    <message>
        <source>当场采集申领人指纹</source>
        <translation>Capture the claimant's fingerprints on the spot</translation>
    </message>
    <message>
        <source>出具《深圳市企业职工丧葬补助金、抚恤金核准决定书》</source>
        <translation>Issue the "Shenzhen Enterprise Employees' Funeral Grant and Survivor's Pension Approval Decision"</translation>
    </message>
    <message>
        <source>死亡日期</source>
        <translation>Date of death</translation>
    </message>
    <message>
        <source>实际缴费月数（不含视同）</source>
        <translation>Months of actual contributions (excluding deemed)</translation>
    </message>
    <message>
        <source>丧葬补助金、抚恤金计发办法</source>
        <translation>Calculation method of the funeral grant and survivor's pension</translation>
    </message>
    <message>
        <source>深圳办法</source>
        <translation>Shenzhen method</translation>
    </message>
    <message>
        <source>国家办法</source>
        <translation>National method</translation>
    </message>
    <message>
        <source>符合条件的遗属人数</source>
        <translation>Number of eligible survivors</translation>
    </message>
    <message>
        <source>人</source>
        <translation>persons</translation>
    </message>
    <message>
        <source>丧葬补助金</source>
        <translation>Funeral grant</translation>
    </message>
    <message>
        <source>抚恤金月数</source>
        <translation>Months of survivor's pension</translation>
    </message>
    <message>
        <source>抚恤金</source>
        <translation>Survivor's pension</translation>
    </message>
    <message>
        <source>合计（一次性）</source>
        <translation>Total (lump sum)</translation>
    </message>
    <message>
        <source>丧葬补助金、抚恤金一次性发放（6.6.2.5）：同一已故参保人的第二件（如另一名遗属申请）会重复核定、重复发放</source>
        <translation>The funeral grant and survivor benefit are paid once (6.6.2.5): a second case for the same deceased person (e.g. another survivor's application) would assess and pay them twice</translation>
    </message>
    <message>
        <source>个人账户储存额核定</source>
        <translation>Personal account balance assessment</translation>
    </message>
    <message>
        <source>图13</source>
        <translation>Figure 13</translation>
    </message>
    <message>
        <source>达到领取基本养老金条件前丧失中华人民共和国国籍</source>
        <translation>Loss of the nationality of the People's Republic of China before meeting the conditions for the basic pension</translation>
    </message>
    <message>
        <source>达到法定退休年龄后缴费年限不足15年</source>
        <translation>Less than 15 years of contributions after reaching the statutory retirement age</translation>
    </message>
    <message>
        <source>港澳台及外籍人员离境</source>
        <translation>Departure of Hong Kong, Macao, Taiwan or foreign nationals from the country</translation>
    </message>
    <message>
        <source>个人账户储存额结算申请表</source>
        <translation>Personal account balance settlement application form</translation>
    </message>
    <message>
        <source>请携带个人账户储存额结算申请表</source>
        <translation>Please bring the personal account balance settlement application form</translation>
    </message>
    <message>
        <source>本人银行账户</source>
        <translation>Own bank account</translation>
    </message>
    <message>
        <source>请携带本人银行账户</source>
        <translation>Please bring your own bank account details</translation>
    </message>
    <message>
        <source>丧失中华人民共和国国籍的证明</source>
        <translation>Proof of loss of the nationality of the People's Republic of China</translation>
    </message>
    <message>
        <source>请携带丧失中华人民共和国国籍的证明</source>
        <translation>Please bring the proof of loss of the nationality of the People's Republic of China</translation>
    </message>
    <message>
        <source>离境证明（出入境记录等）</source>
        <translation>Proof of departure (exit and entry records etc.)</translation>
    </message>
    <message>
        <source>请携带离境证明（出入境记录等）</source>
        <translation>Please bring the proof of departure (exit and entry records etc.)</translation>
    </message>
    <message>
        <source>本人书面申请终止职工基本养老保险关系</source>
        <translation>Own written application to terminate the employees' basic pension insurance relationship</translation>
    </message>
    <message>
        <source>缴费年限不足15年者可延长缴费或一次性补缴；选择结算的须本人书面申请</source>
        <translation>Those with less than 15 years of contributions may extend their contributions or pay the shortfall in one lump sum; choosing settlement needs their own written application</translation>
    </message>
    <message>
        <source>不属于5.6.1.4所列情形，不能办理个人账户储存额核定</source>
        <translation>not one of the cases listed in 5.6.1.4, the personal account balance cannot be settled</translation>
    </message>
    <message>
        <source>个人账户已建立且未注销</source>
        <translation>Personal account set up and not closed</translation>
    </message>
    <message>
        <source>个人账户不存在或已注销，不能办理个人账户储存额核定</source>
        <translation>there is no personal account, or it is closed: the personal account balance cannot be settled</translation>
    </message>
    <message>
        <source>满足5.6.1.4所列情形之一</source>
        <translation>Meets one of the cases listed in 5.6.1.4</translation>
    </message>
    <message>
        <source>不符合个人账户储存额核定条件（5.6.1.4）</source>
        <translation>Conditions for the personal account balance assessment not met (5.6.1.4)</translation>
    </message>
    <message>
        <source>办理个人账户结算</source>
        <translation>Carry out the personal account settlement</translation>
    </message>
    <message>
        <source>结算年度</source>
        <translation>Settlement year</translation>
    </message>
    <message>
        <source>年</source>
        <translation>year</translation>
    </message>
    <message>
        <source>个人账户储存额（上年末）</source>
        <translation>Personal account balance (end of last year)</translation>
    </message>
    <message>
        <source>本年记账额</source>
        <translation>Amount credited this year</translation>
    </message>
    <message>
        <source>本年记账利息</source>
        <translation>Interest credited this year</translation>
    </message>
    <message>
        <source>个人账户储存额（结算额）</source>
        <translation>Personal account balance (settlement amount)</translation>
    </message>
    <message>
        <source>结算后即注销个人账户（6.3.1.4），第二件会重复结算、重复支付个人账户储存额</source>
        <translation>The personal account is closed once settled (6.3.1.4): a second case would settle and pay out the account balance twice</translation>
    </message>
    <message>
        <source>养老保险待遇资格认证</source>
        <translation>Pension entitlement certification</translation>
    </message>
    <message>
        <source>窗口认证（读卡、指纹比对，无指纹模板时由经办人照片比对）</source>
        <translation>Certification at the counter (card reading and fingerprint matching; photo matching by the clerk when there is no fingerprint template)</translation>
    </message>
    <message>
        <source>上门认证（行动不便的服务对象，由外勤人员上门办理）</source>
        <translation>Home-visit certification (for clients with limited mobility, handled by field staff at home)</translation>
    </message>
    <message>
        <source>窗口认证须由领取待遇人员本人当场办理（指纹或照片比对），不接受代办；上门认证针对行动不便、不能到窗口的服务对象（5.6.3 a)），可由其家属等代办人提出申请，认证仍由外勤人员上门核验本人。6.6.3.1：经办机构首先通过数据共享、信息比对开展认证；窗口与上门认证适用于其余人员。人脸识别不作为唯一方式。标准未规定认证的受理与结果文书，认证结果告知单为经办机构的回执。</source>
        <translation>Counter certification must be done in person by the benefit recipient on the spot (fingerprint or photo matching); agents are not accepted. Home-visit certification is for clients with limited mobility who cannot come to the counter (5.6.3 a)): a family member or another agent may request it, and field staff still verify the person at home. 6.6.3.1: the agency first certifies through data sharing and information matching; counter and home-visit certification apply to the rest. Face recognition is not the only method. The standard sets no acceptance or result documents for certification; the certification result notice is the agency's receipt.</translation>
    </message>
    <message>
        <source>请本人携带有效身份证件或社会保障卡原件到窗口办理</source>
        <translation>Please come to the counter in person with the original valid identity document or social security card</translation>
    </message>
    <message>
        <source>参保人有效身份证件或社会保障卡（原件或复印件）</source>
        <translation>The insured person's valid identity document or social security card (original or copy)</translation>
    </message>
    <message>
        <source>请携带参保人有效身份证件或社会保障卡的原件或复印件</source>
        <translation>Please bring the insured person's valid identity document or social security card, original or copy</translation>
    </message>
    <message>
        <source>领取基本养老金或病残津贴且未死亡（以参保档案为准）</source>
        <translation>Drawing the basic pension or disability allowance and not deceased (per the enrolment records)</translation>
    </message>
    <message>
        <source>不是领取基本养老金或病残津贴的人员</source>
        <translation>Not a recipient of the basic pension or disability allowance</translation>
    </message>
    <message>
        <source>核验本人身份（指纹比对；无模板或比对不通过时照片比对）并登记认证结果</source>
        <translation>Verify the person's identity (fingerprint matching; photo matching when there is no template or the match fails) and record the certification result</translation>
    </message>
    <message>
        <source>提出上门认证申请（由外勤人员上门核验本人身份，窗口不登记认证结果）</source>
        <translation>Raise a home-visit certification request (field staff verify the person's identity at home; the counter records no certification result)</translation>
    </message>
    <message>
        <source>不符合认证条件（不予受理）</source>
        <translation>Certification conditions not met (not accepted)</translation>
    </message>
    <message>
        <source>办结（窗口认证：认证通过；上门认证：已转上门认证）</source>
        <translation>Completed (at the counter: certification passed; home visit: passed on to a home visit)</translation>
    </message>
    <message>
        <source>资格认证只确认待遇领取资格、更新认证日期，不核定也不发放待遇（6.6.3），重复认证无害</source>
        <translation>A certification only confirms the entitlement and renews its date, assessing and paying nothing (6.6.3); certifying again does no harm</translation>
    </message>
</context>
</TS>
