"""The API's documentation in Chinese: each endpoint's tag, summary and description.

Kept here, beside the routes, so the schema at /api/schema/ describes exactly what is routed.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import extend_schema, extend_schema_view

SCOPE = ("只返回当前用户可见的数据：本开发区（观察员：所有开发区）。实施方案是公开发布的文件，"
         "本区用户均可阅读全部任务；按 department 筛选即得本部门任务。")
CORRECT = ("更正任务（需“更正台账”权限，仅限本开发区）：title 任务名称，lead 牵头单位名称列表"
           "（按顺序），responsible 责任单位名称列表；单位须为本区部门（名称或别名）"
           "或“各相关部门”等统称。未给出的字段保持不变。每次更正记入审计日志，"
           "方案新版本中原文未变的任务沿用更正。")
EXPAND = ("明确统称：把本任务中的“各相关部门”等统称（placeholder）明确为具体部门（departments，"
          "本区部门编号列表；空列表则恢复为待明确）。需“更正台账”权限。")
PAGING = "分页：limit（默认 100，最大见 LUOSHI_API_MAX_LIMIT）、offset；取值不合法时返回 400。"

ENDPOINTS = {
    "plan": ("实施方案", "实施方案列表",
             "实施方案（每个版本一条），含章节、文号、版本、解析警告。"),
    "task": ("实施方案", "重点任务列表",
             "重点任务及其牵头、责任单位；可按章节、部门、角色、文字筛选。"),
    "department": ("实施方案", "部门列表", "本开发区的部门，可按名称和类型筛选。"),
    "target": ("实施方案", "方案目标列表", "实施方案中的量化目标（指标、数值、单位、年份）。"),
    "indicator": ("指标监测", "指标列表", "监测指标目录：单位、频度、类型、责任部门、状态规则。"),
    "indicator-target": ("指标监测", "指标目标列表", "每个指标的基期值、目标值和分年目标。"),
    "value": ("指标监测", "指标数据列表",
              "已填报的指标数据（累计值、当月值、同比、数据状态、审核状态），可按指标、期别、年份、部门、状态筛选。"),
    "bulletin": ("通报", "通报列表",
                 "可阅读的通报：已发布的（统筹协调人员另见草稿），含文号、版次、替代关系、"
                 "Word/PDF下载地址和校验值；单条另含通报内容（章节、表格）。可按期别、状态筛选。"),
    "assessment": ("年度考核", "年度考核结果列表",
                   "可查看的年度考核结果（公示后；统筹协调人员另见草稿）：每个单位的总分、名次、"
                   "等次、一票否决，各考核项目的原始分、权重、得分和依据，加减分的规则、事项、"
                   "分值、是否计入和理由。部门用户只看到本单位的结果。"),
    "benchmark-evaluation": (
        "国家级经开区对标", "对标评价结果列表",
        "本区（观察员：可查看的各区）每个数据年份的对标评价：综合得分、全国与所在地区排名、"
        "一级指标得分与排名、排名的90%区间（敏感性分析）。单条另含完整报告：各指标数值、"
        "百分位、进入目标名次所需数值、组合提升路径、历年排名和全部开发区的排名表。"),
    "pay-line": ("绩效工资", "绩效工资明细列表",
                 "?year=2025 年度的个人考核与绩效工资（须该年度考核结果已定稿）：工号、姓名、单位、"
                 "岗位、个人总分、个人等次及其依据，薪酬类型（绩效工资、协议工资、项目工资、年薪制）、"
                 "基数、单位系数、个人系数、金额和计算过程。仅人事部门（区委组织部/区人社局）看到本区"
                 "全部人员，本人只看到自己的一条，其他用户得到空列表。"),
}


def describe(viewset, basename: str):
    tag, summary, description = ENDPOINTS[basename]
    writes = {}
    if basename == "task":
        writes = {
            "partial_update": extend_schema(tags=[tag], summary="更正任务", description=CORRECT),
            "update": extend_schema(tags=[tag], summary="更正任务", description=CORRECT),
            "expand": extend_schema(tags=[tag], summary="明确统称单位", description=EXPAND),
        }
    return extend_schema_view(
        list=extend_schema(tags=[tag], summary=summary,
                           description=f"{description}\n\n{SCOPE}\n\n{PAGING}"),
        retrieve=extend_schema(tags=[tag], summary=summary.removesuffix("列表") + "详情",
                               description=f"{description}\n\n{SCOPE}"),
        **writes,
    )(viewset)


STATUSES = extend_schema(
    tags=["指标监测"], summary="指标状态",
    description="每个指标在 ?period=2026-09 （默认：最近有数据的期别）的完成情况：累计值、"
                "年度目标、进度目标、完成率、进度比、状态灯、年末预测及区间。"
                "期别格式不对时返回 400。",
)
TOKEN = extend_schema(
    tags=["认证"], summary="获取令牌",
    description="用用户名和密码换取新的 API 令牌（返回 token 与 expires），之后在请求头中携带 "
                "Authorization: Token <令牌>。令牌只显示这一次，系统只保存其摘要；"
                "到期（默认30天）、本人撤销、修改密码或账户停用后失效，可在“API令牌”页面查看和撤销。"
                "与网页登录共用失败锁定：同一用户名和地址多次失败、或同一地址失败过多都会被暂时锁定（429）。",
)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The API token (luoshi.accounts.api_tokens) in the schema: ``Authorization: Token <key>``
    beside the session, so clients and the docs' Authorize button know how to send it."""

    target_class = "luoshi.accounts.api_tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {**build_bearer_security_scheme_object(header_name="Authorization",
                                                      token_prefix="Token"),
                "description": "POST /api/v1/auth/token/ 获取令牌后，在请求头携带 "
                               "Authorization: Token <令牌>。"}
