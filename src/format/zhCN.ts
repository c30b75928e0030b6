/** Simplified Chinese messages (简体中文). */
import type { Catalogue, IssueView, NeedPart } from './catalogue.js';
import { ID_PATTERN_SOURCE } from './idPattern.js';

function list(items: readonly string[], kind: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join('、')}${kind === 'and' ? '和' : '或'}${items[items.length - 1]!}`;
}

const points = (n: string): string => `${n} 积分`;
const quote = (name: string): string => `「${name}」`;

const PROFILE_FIELDS = { birthday: '生日', timeZone: '时区', tags: '标签', attributes: '属性' } as const;

const STATUSES = {
  applied: '待审核',
  verified: '已验证',
  active: '正常',
  suspended: '已冻结',
  closed: '已注销',
} as const;

const TYPES: Readonly<Record<string, string>> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  record: '对象',
  array: '数组',
  tuple: '数组',
  null: 'null',
  undefined: '空值',
  nan: 'NaN',
  date: '日期',
  function: '函数',
  symbol: 'symbol',
  map: 'Map',
  set: 'Set',
};

const typeName = (t: string | null): string => (t === null ? '值' : (TYPES[t] ?? t));

function bound(i: IssueView, side: 'small' | 'big'): string {
  const n = i.num(side === 'small' ? 'minimum' : 'maximum');
  if (n === null) return side === 'small' ? '小于允许的最小值' : '超出允许的最大值';
  const inclusive = i.bool('inclusive') !== false;
  switch (i.str('origin')) {
    case 'string':
      if (side === 'small') return n === 1 ? '不能为空' : `至少需要 ${n} 个字符`;
      return `最多 ${n} 个字符`;
    case 'array':
    case 'set':
      if (side === 'small') return n === 1 ? '不能为空' : `至少需要 ${n} 项`;
      return `最多 ${n} 项`;
    default:
      if (side === 'small') return inclusive ? `不能小于 ${n}` : `必须大于 ${n}`;
      return inclusive ? `不能大于 ${n}` : `必须小于 ${n}`;
  }
}

const values = (i: IssueView, key: string): string =>
  (i.list(key) ?? []).map((v) => JSON.stringify(v)).join('、');

function needs(parts: readonly NeedPart[], mode: 'all' | 'any'): string {
  const first = parts[0]?.by ?? null;
  const same = parts.every((p) => p.by === first);
  const items = parts.map((p) => (same || p.by === null ? p.need : `${p.by}前${p.need}`));
  return (same && first !== null ? `${first}前` : '') + items.join(mode === 'all' ? '，并' : '，或');
}

/** 简体中文 */
export const zhCN: Catalogue = {
  locale: 'zh-CN',
  quote,
  // 银卡 reads well bare; an id or a Latin name runs into the Chinese around it, so it is quoted
  tier: (name) => (/^[\x20-\x7e]|[\x20-\x7e]$/.test(name) ? quote(name) : name),
  list,
  points,
  qualifying: (n) => `${n} 成长值`,
  join: (items) => items.join('；'),
  sentences: (items) => items.join('；'),
  why: (line, why) => `${line}；${why}`,
  date: (y, m, d) => `${y}年${m}月${d}日`,
  none: '（无）',
  at: (where, text) => `${where}：${text}`,
  alone: (text) => text,
  types: TYPES,

  errors: {
    INVALID_PROGRAM: '积分方案配置有误',
    INVALID_EVENT: '事件数据有误',
    INVALID_CONDITION: '规则条件有误',
    INVALID_ARGUMENT: '参数有误',
    INVALID_AMOUNT: '金额无效',
    UNKNOWN_CURRENCY: '不支持的币种',
    CURRENCY_MISMATCH: '币种不一致',
    INVALID_POINTS: '积分数无效',
    INVALID_DATE: '日期无效',
    UNKNOWN_TIME_ZONE: '未知的时区',
    INSUFFICIENT_POINTS: '积分不足',
    REDEMPTION_NOT_ALLOWED: '不符合兑换规则',
    UNKNOWN_REWARD: '兑换的礼品不存在',
    OUT_OF_STOCK: '库存不足',
    REWARD_LIMIT: '已达兑换上限',
    MEMBER_NOT_ACTIVE: '会员当前状态不能进行此操作',
    MEMBER_CLOSED: '会员已注销',
    OUT_OF_ORDER: '事件时间早于已处理的记录',
    CONFLICT: '会员数据被同时修改，请重试',
    LIMIT_EXCEEDED: '超出限制',
    INSUFFICIENT_DATA: '数据不足',
    NOT_CONVERGED: '模型未收敛',
    REWARD_NOT_ELIGIBLE: '该会员不可兑换此奖励',
    UNSUPPORTED_SCHEMA_VERSION: '存储的数据由其他版本的 loyalty-engine 写入',
    INTERNAL: 'loyalty-engine 内部错误',
  },
  error: (headline, issues) =>
    issues.length === 1
      ? `${headline}：${issues[0]!}`
      : `${headline}（共 ${issues.length} 处问题）：\n${issues.map((i) => `- ${i}`).join('\n')}`,

  issues: {
    above_maximum: (i, c) => {
      const max = i.num('maximum');
      const p = i.num('points');
      return max === null || p === null
        ? '超过单次兑换可用的积分上限'
        : `每单最多可用 ${c.points(max)}（本次 ${c.points(p)}）`;
    },
    already_cancelled: () => '该笔兑换已取消过',
    already_refunded: () => '该订单已全额退款',
    amount_overflow: () => '金额过大，无法精确计算',
    arm_too_small: () => '有实验组人数过少，无法比较',
    base_tier_condition: () => '第一个等级是所有会员的起点，不能设置升级或保级条件',
    before_joined: () => '事件发生在会员入会之前',
    below_minimum: (i, c) => {
      const min = i.num('minimum');
      const p = i.num('points');
      return min === null || p === null
        ? '低于单次兑换的最低积分'
        : `单次兑换至少需要 ${c.points(min)}（本次 ${c.points(p)}）`;
    },
    condition_cycle: () => '共享条件之间存在循环引用',
    conflict: () => '会员数据被同时修改，请重试',
    currency_mismatch: (i) => {
      const got = i.str('currency');
      const want = i.str('expected');
      return got === null || want === null
        ? '不同币种的金额不能直接合并，请先换算'
        : `金额币种为 ${got}，应为 ${want}，请先换算`;
    },
    custom: () => '值不符合要求',
    days_or_months: () => '滚动过期须且只能设置 “days” 或 “months” 其中之一',
    discount_above_price: () => '折扣金额大于该商品行的金额',
    discount_above_total: () => '订单折扣大于商品总额',
    diverges: () => '在这些参数下数值不收敛',
    duplicate_experiment: () => '同一实验出现了两次',
    duplicate_id: () => '该 ID 重复',
    duplicate_line: () => '该商品行重复',
    duplicate_order: () => '该订单已由另一事件记录过',
    empty_cap: () => '上限需设置 “points”、“count” 或两者',
    empty_pending: () => '待生效设置需要 “days”（退货期）或 until: "orderCompleted"',
    empty_validity: () => 'validUntil 必须晚于 validFrom',
    evaluation_failed: () => '无法比较这些值',
    expires_while_pending: () => '积分会在生效前过期',
    forbidden_key: () => '不允许使用该键名（“__proto__”“constructor”“prototype”）',
    forbidden_name: () => '不允许使用该名称',
    gift_only: (i, c) => {
      const id = i.str('rewardId');
      return `${id === null ? '该礼品' : c.reward(id)}仅作为赠礼发放，不能用积分兑换`;
    },
    grant_ends_before: () => '等级授予的结束时间（until）须晚于授予事件的时间',
    infinite_mean: () => '在这些参数下期望值为无穷大',
    insufficient_data: () => '数据不足',
    insufficient_points: (i, c) => {
      const need = i.num('required');
      const have = i.num('available');
      return need === null || have === null
        ? '可用积分不足'
        : `需要 ${c.points(need)}，可用 ${c.points(have)}`;
    },
    internal: () => 'loyalty-engine 内部错误（请报告此问题）',
    invalid_age: () => 'T（客户存续时长）必须是不小于 0 的数',
    invalid_amount: () => '金额无效',
    invalid_argument: () => '参数无效',
    invalid_condition: () => '条件无效',
    invalid_confidence: () => '置信水平必须介于 0 和 1 之间',
    invalid_conversion: () => '金额换算积分的设置无效',
    invalid_count: () => '计数必须是正整数',
    invalid_date: () => '日期无效',
    invalid_decimal: () => '不是有效的十进制数',
    invalid_element: () => '包含无效的元素',
    invalid_enrolled: () => '应为会员入会时的状态（版本 0）',
    invalid_event: () => '事件数据无效',
    invalid_event_id: () => '应为事件 ID（非空字符串）或 null',
    invalid_experiment: () => '实验定义无效',
    invalid_format: (i) => {
      if (i.str('pattern') === ID_PATTERN_SOURCE)
        return '须为 1–64 个字母、数字、“_”、“-”或“.”（不能有空格或“:”），如 "base-earning"';
      const format = i.str('format');
      return `格式不正确${format !== null && format !== 'regex' ? `（应为 ${format}）` : ''}`;
    },
    invalid_frequency: () => 'frequency 必须是不小于 0 的整数',
    invalid_id: () => 'ID 不能为空',
    invalid_identifier: () => '不是有效的 SQL 标识符',
    invalid_instant: () => '不是有效的时间（须为带时区偏移的 ISO 8601 格式，如 2026-03-01T09:00:00+08:00）',
    invalid_key: () => '包含无效的键名',
    invalid_ledger: () => '账本数据无效',
    invalid_limit: () => '限制值必须是正整数',
    invalid_local_date: () => '不是有效的日期（格式为 YYYY-MM-DD）',
    invalid_member_id: () => '会员 ID 必须是非空字符串',
    invalid_mode: () => '该叠加方式不适用于此分组',
    invalid_model: () => '不是已拟合的模型',
    invalid_monetary: () => '平均消费额必须是正数',
    invalid_money: () => '应为金额 { amount, currency }，amount 为以最小货币单位计的整数',
    invalid_month: () => '不是有效的月份（格式为 YYYY-MM）',
    invalid_operator: () => '此处不能使用该运算符',
    invalid_option: () => '选项无效',
    invalid_params: () => '该事实（fact）的参数无效',
    invalid_path: () => '不是有效的事实（fact）路径',
    invalid_point_value: () => '积分价值设置无效',
    invalid_points: () => '积分数无效（不符合方案的积分精度）',
    invalid_policy: () => '2 月 29 日生日的处理方式须为 “feb28” 或 “mar1”',
    invalid_precision: () => '积分精度须为 0 至 4 位小数',
    invalid_program: () => '积分方案配置有误',
    invalid_recency: () => 'recency 必须介于 0 和 T 之间',
    invalid_retries: () => '重试次数必须是不小于 0 的整数',
    invalid_rounding_mode: () => '不是有效的取整方式（floor、ceil、down、up、halfUp、halfDown、halfEven）',
    invalid_sample: () => '样本无效',
    invalid_state: () => '应为会员状态（来自 engine.enroll 或上一次 apply）',
    invalid_summary: () => '不是客户汇总数据',
    invalid_transition: () => '会员当前状态不能进行此变更',
    invalid_type: (i) => {
      const expected = typeName(i.str('expected'));
      const got = i.str('received');
      if (got === null) return '类型不正确';
      return got === 'undefined' ? `缺少必填项，应为${expected}` : `应为${expected}，实际为${typeName(got)}`;
    },
    invalid_union: (i) => {
      const d = i.str('discriminator');
      return d === null ? '不符合任何允许的格式' : `未知的 ${d}，应为以下之一：${values(i, 'options')}`;
    },
    invalid_unit: () => '不是有效的日历单位',
    invalid_value: (i) => {
      const v = values(i, 'values');
      return v === '' ? '此处的值无效' : `应为以下之一：${v}`;
    },
    invalid_version: () => '应为版本号：不小于 0 的整数',
    invalid_versions: () => '方案版本无效（须为同一方案，version 和 effectiveFrom 依次递增）',
    invalid_week_start: () => '每周起始日须为 0（周日）至 6（周六）',
    invalid_weights: () => '权重须为不小于 0 的数，且总和大于 0',
    invalid_window: () => '时间窗口无效',
    invalid_year: () => '年份无效',
    late_event: () => '事件时间早于该会员的最新记录',
    ledger_mismatch: () => '账本记录与该状态不符',
    limit_exceeded: () => '超出限制',
    member_closed: () => '会员已注销，不能再处理事件',
    member_mismatch: () => '该事件属于其他会员',
    member_not_active: (i) => {
      const s = i.str('status');
      const label = s === null ? null : STATUSES[s as keyof typeof STATUSES];
      return label === undefined || label === null
        ? '会员当前状态不能进行此操作'
        : `会员当前状态为“${label}”，不能进行此操作`;
    },
    min_above_max: () => 'minPoints 大于 maxPointsPerOrder',
    missing: () => '缺少必要的值',
    missing_conditions: () => '规则需要 “conditions”',
    missing_coupon: () => '券类礼品需要设置券的使用条件',
    missing_enrolled: () => '新会员需要提供入会时的状态',
    missing_joined_at: () => '该时间窗口需要会员的入会时间',
    missing_member: () => '没有该会员',
    missing_member_id: () => '请在事件（memberId）或选项中提供会员 ID',
    missing_tier: () => 'tierReached 礼包需要指定等级',
    missing_time_zone: () => '该运算符需要时区',
    missing_value: () => '条件需要 “value”',
    mixed_group: () => '同一分组中既有奖励规则又有倍率规则，请把倍率规则放在单独的分组',
    more: () => '另有更多问题未列出',
    more_than_bought: () => '退货数量超过该商品行的剩余数量',
    negative: () => '不能为负数',
    no_control: () => '缺少对照组',
    no_entries: () => '每次提交至少需要一条账本记录',
    no_history: () => '没有可用于估算的历史数据',
    no_program_version: () => '该时间没有生效的方案版本',
    no_tiers: () => '该方案没有会员等级',
    not_applicable: () => '此字段在这里不适用',
    not_converged: () => '模型未收敛',
    not_finite: () => '数值必须有限且在安全整数范围内',
    not_in_referral: () => '该会员既不是推荐人也不是被推荐人',
    not_iterable: () => '应为列表（数组或可迭代对象）',
    not_json: () => '值必须是普通的 JSON 数据',
    not_multiple: (i, c) => {
      const step = i.num('step');
      const p = i.num('points');
      return step === null || p === null
        ? '兑换积分不是规定步长的整数倍'
        : `兑换积分须为 ${c.points(step)}的整数倍（本次 ${c.points(p)}）`;
    },
    not_multiple_of: (i) => {
      const d = i.num('divisor');
      return d === null ? '不是允许步长的整数倍' : `必须是 ${d} 的整数倍`;
    },
    not_negative: () => '必须小于或等于 0',
    not_positive: () => '必须大于 0',
    one_arm: () => '至少需要两个实验组',
    out_of_order: () => '未按时间顺序排列',
    out_of_range: () => '超出允许的范围',
    out_of_stock: (i, c) => {
      const id = i.str('rewardId');
      const q = i.num('quantity');
      const left = i.num('left');
      return id === null || q === null || left === null
        ? '库存不足'
        : `${c.reward(id)}库存不足：需要 ${q} 件，剩余 ${left} 件`;
    },
    overpaid: () => '支付金额超过订单总额',
    points_or_reward: () => '兑换须指定 points 或 rewardId 其中之一',
    points_overflow: () => '积分数过大，无法精确计算',
    program_mismatch: () => '该状态属于其他方案',
    quantity_without_reward: () => '只有指定 rewardId 时才能设置 quantity',
    recency_after_age: () => 'recency 不能大于 T',
    recency_without_repeat: () => 'frequency 为 0 时 recency 必须为 0',
    redemption_not_allowed: () => '不符合兑换规则',
    reserved_fact: () => '该事实（fact）由引擎计算，请换一个名称',
    retention_above_entry: () => '保级条件高于升级条件',
    reward_limit: (i, c) => {
      const id = i.str('rewardId');
      const limit = i.num('limit');
      const used = i.num('used');
      return id === null || limit === null || used === null
        ? '已达该礼品的每人兑换上限'
        : `${c.reward(id)}每位会员限兑 ${limit} 次（已兑 ${used} 次）`;
    },
    self_referral: () => '会员不能推荐自己',
    seq_gap: () => '记录序号与已存储的账本不连续',
    state_version: () => '不支持该版本的状态数据',
    sum_too_large: () => '总和过大，无法精确计算',
    thresholds_not_increasing: () => '门槛须高于前一个（较低）等级的门槛',
    too_big: (i) => bound(i, 'big'),
    too_deep: () => '嵌套层级过深',
    too_few_values: () => '数据点太少',
    too_many_multipliers: () => '倍率过多',
    too_small: (i) => bound(i, 'small'),
    type_mismatch: () => '值的类型不匹配，无法比较',
    unknown_condition: () => '没有该名称的共享条件',
    unknown_currency: () => '未知的币种，请使用 ISO 4217 代码（如 "CNY"）',
    unknown_fact: () => '未知的事实（fact）',
    unknown_group: () => '没有规则属于该分组',
    unknown_line: () => '订单中没有该商品行',
    unknown_member: () => '没有该会员，请先办理入会',
    unknown_operator: () => '未知的运算符',
    unknown_order: () => '该会员没有此订单的记录',
    unknown_redemption: () => '没有可取消的该笔兑换',
    unknown_reference: () => '引用了方案中不存在的项',
    unknown_reward: (i, c) => {
      const id = i.str('rewardId');
      return id === null ? '礼品目录中没有该礼品' : `礼品目录中没有${c.reward(id)}`;
    },
    unknown_reward_key: () => '没有该编号的未使用且有效的奖励',
    unknown_tier: () => '方案中没有该等级',
    unknown_time_zone: () => '未知的时区，请使用 IANA 时区名（如 "Asia/Shanghai"）',
    unknown_version: () => '没有该方案版本',
    unreachable: () => '该等级没有升级条件，会员无法达到',
    unrecognized_keys: (i) => {
      const key = i.str('key');
      const k = key ?? i.field;
      return k === null ? '包含未知字段' : `未知字段 “${k}”（请检查拼写）`;
    },
    version_conflict: () => '会员数据被同时修改',
    version_mismatch: () => '状态版本与账本记录不符',
    window_shorter_than_period: () => '指标的统计窗口短于等级有效期',
    reward_not_eligible: () => '会员当前等级不可兑换此奖励',
    unsupported_schema_version: () =>
      '数据由其他版本的 loyalty-engine 写入：请先用 migrateState / migrateEntries 升级',
    invalid_request: () => '请求无效',
    empty_update: () => '本次更新未包含任何字段',
    set_and_removed: () => '同一次更新中不能同时设置和删除同一属性',
    invalid_entries: () => '账本记录无效',
    invalid_entry: () => '该账本记录无效',
    entry_version: () => '该账本记录的数据版本不受支持',
    too_many_issues: () => '问题过多，无法全部列出：请先修正这些',
    invalid_options: () => '选项无效',
    invalid_reference: () => '作为取值的事实引用无效',
    zero_adjustment: () => '调整 0 积分不会产生任何变化',
  },
  unknownIssue: () => '值无效',

  events: {
    purchase: '订单',
    signup: '注册',
    birthday: '生日',
    referral: '推荐',
    custom: '自定义事件',
    redemption: '积分兑换',
    redemptionCancellation: '取消兑换',
    adjustment: '积分调整',
    refund: '退款',
    orderCompleted: '订单完成',
    tierGrant: '授予等级',
    tierRevoke: '撤销等级',
    memberVerified: '会员验证',
    memberActivated: '会员激活',
    memberSuspended: '会员冻结',
    memberReinstated: '会员恢复',
    memberClosed: '会员注销',
    rewardUsed: '奖励核销',
    memberProfileUpdated: '资料更新',
  },
  statuses: STATUSES,
  roundings: {
    floor: '向下取整',
    ceil: '向上取整',
    down: '向零取整',
    up: '远离零取整',
    halfUp: '四舍五入',
    halfDown: '五舍六入',
    halfEven: '四舍六入五成双',
  },
  components: {
    '+subtotal': '商品金额',
    '+tax': '税费',
    '+shipping': '运费',
    '-discounts': '折扣',
    '-giftCards': '礼品卡',
    '-pointsPaid': '积分抵扣',
  },

  award: (p) => {
    const parts: string[] = [];
    if (p.basis !== null)
      parts.push(
        `消费 ${p.basis.amount}${p.basis.components === null ? '' : `（${p.basis.components.join(' ')}）`}`,
      );
    if (p.rate !== null) {
      if (p.rate.mode === 'perFullBlock') parts.push(`每满 ${p.rate.per} 得 ${p.rate.points}`);
      else if (p.rate.mode === 'perStartedBlock')
        parts.push(`每 ${p.rate.per} 得 ${p.rate.points}（不足 ${p.rate.per} 按 ${p.rate.per} 计）`);
      else parts.push(`每 ${p.rate.per} 得 ${p.rate.points}`);
    }
    if (p.count !== null) parts.push(`${p.count} 件符合条件的商品`);
    for (const m of p.multipliers) parts.push(`${m.name} ×${m.factor}`);
    if (p.rounding !== null)
      parts.push(`${p.rounding.exact ? '' : '约 '}${p.rounding.value} ${p.rounding.mode}`);
    if (p.cap !== null) parts.push(`应得 ${p.cap.requested}，受上限 ${p.cap.id} 限制`);
    let s =
      parts.length === 0
        ? `按规则${p.rule}：奖励 ${p.granted}`
        : `按规则${p.rule}：${parts.join('，')} → ${p.granted}`;
    if (p.outranked.length > 0) s += `（同组优先于${p.outranked.join('')}）`;
    if (p.pending !== null)
      s += p.pending.from === null ? '（待生效，订单完成后可用）' : `（待生效，${p.pending.from}起可用）`;
    if (p.debtRepaid !== null) s += `（其中 ${p.debtRepaid}用于抵扣欠分）`;
    return s;
  },

  effects: {
    eventApplied: (e) =>
      e.event.type === 'custom'
        ? `自定义事件「${e.event.name}」${e.eventId} 已记录`
        : `${zhCN.events[e.event.type]} ${e.eventId} 已记录`,
    pointsEarned: (e, c) => c.award(e),
    qualifyingEarned: (e, c) => c.award(e),
    ruleCapped: (e, c) =>
      `规则${c.rule(e.ruleId, e.programVersion)}受上限 ${e.capId} 限制：应得 ${c.points(e.requested, e.programVersion)}，实得 ${c.points(e.granted, e.programVersion)}`,
    pointsRedeemed: (e, c) => {
      const pts = c.points(e.points, e.programVersion);
      if (e.rewardId !== null)
        return `使用 ${pts}兑换${c.reward(e.rewardId, e.programVersion)} × ${e.quantity ?? 1}${e.orderId === null ? '' : `（订单 ${e.orderId}）`}`;
      return e.orderId === null ? `使用 ${pts}` : `使用 ${pts}抵扣订单 ${e.orderId}`;
    },
    redemptionCancelled: (e, c) =>
      `兑换 ${e.redemptionId} 已取消，${c.points(e.points, e.programVersion)}已退回${(e.debtRepaid ?? 0) > 0 ? `，其中 ${c.points(e.debtRepaid ?? 0, e.programVersion)}用于抵扣欠分` : ''}${e.reason === null ? '' : `（原因：${e.reason}）`}`,
    pointsAdjusted: (e, c) =>
      e.points >= 0
        ? `人工增加 ${c.points(e.points, e.programVersion)}（原因：${e.reason}）${e.debtRepaid > 0 ? `，其中 ${c.points(e.debtRepaid, e.programVersion)}用于抵扣欠分` : ''}`
        : `人工扣减 ${c.points(-e.points, e.programVersion)}（原因：${e.reason}）`,
    referralQualified: (e) => `被推荐会员 ${e.refereeId} 完成首单（推荐人 ${e.referrerId}）`,
    pointsActivated: (e, c) =>
      e.points === 0
        ? `${e.lotId} 的待生效积分已生效${e.reason === 'orderCompleted' ? '（订单已完成）' : ''}：这些积分已用于抵扣欠分，自此计入会员等级`
        : `待生效的 ${c.points(e.points, e.programVersion)}已到账${e.reason === 'orderCompleted' ? '（订单已完成）' : ''}${e.expiresAt === null ? '' : `，有效期至 ${c.lastDay(e.expiresAt)}`}`,
    pointsExpired: (e, c) => {
      const pts = c.points(e.points, e.programVersion);
      if (e.reason === 'forfeited') return `会员注销，${pts}已作废`;
      if (e.reason === 'inactivity') {
        const days = c.inactivityDays(e.programVersion);
        return days === null ? `因长期未活跃，${pts}已过期` : `连续 ${days} 天未活跃，${pts}已过期`;
      }
      return `${pts}已过期`;
    },
    pointsReversed: (e, c) => {
      const v = e.programVersion;
      let s = `订单 ${e.orderId} 退款，扣回规则${c.rule(e.ruleId, v)}发放的 ${c.points(e.points, v)}`;
      if (e.requested !== e.points) s += `（应扣 ${c.points(e.requested, v)}）`;
      if (e.debt > 0) s += `，其中 ${c.points(e.debt, v)}记为欠分`;
      if (e.shortfall > 0) s += `；另有 ${c.points(e.shortfall, v)}已被使用，不再扣回`;
      return s;
    },
    stateRederived: (e, c) =>
      `迟到事件 ${e.lateEventId} 已按时间顺序重新计算近期记录，余额 ${c.points(e.balanceBefore, e.programVersion)} → ${c.points(e.balanceAfter, e.programVersion)}`,
    qualifyingReversed: (e, c) =>
      `订单 ${e.orderId} 退款，扣回规则${c.rule(e.ruleId, e.programVersion)}发放的 ${c.qualifying(e.points, e.programVersion)}`,
    tierChanged: (e, c) => {
      const v = e.programVersion;
      let s = zhCN.tierReasons[e.reason](c.tier(e.from, v), c.tier(e.to, v));
      if (e.until !== null) s += `，有效期至 ${c.lastDay(e.until)}`;
      const metrics = Object.entries(e.metrics).map(([k, x]) => c.metric(k, x, v));
      return metrics.length > 0 ? `${s}（${metrics.join('，')}）` : s;
    },
    tierRenewed: (e, c) => {
      const metrics = Object.entries(e.metrics).map(([k, x]) => c.metric(k, x, e.programVersion));
      const s = `已保级${c.tier(e.tier, e.programVersion)}，有效期延至 ${c.lastDay(e.until)}`;
      return metrics.length > 0 ? `${s}（${metrics.join('，')}）` : s;
    },
    benefitGranted: (e, c) =>
      `获得${c.tier(e.tierId, e.programVersion)}权益：${c.benefit(e.benefit, e.value, e.programVersion)}`,
    benefitRevoked: (e, c) =>
      `${c.tier(e.tierId, e.programVersion)}权益已取消：${c.benefit(e.benefit, e.value, e.programVersion)}`,
    guardTriggered: (e, c) => {
      const v = e.programVersion;
      const n = c.maxAwardsPerHour(v);
      const what =
        e.guard === 'velocity'
          ? n === null
            ? '1 小时内奖励次数过多'
            : `1 小时内奖励超过 ${n} 次`
          : e.guard === 'circularReferral'
            ? '两位会员互相推荐'
            : '退款订单的积分已被使用';
      const action = e.blocked
        ? `已拦截 ${c.points(e.points, v)}`
        : `涉及 ${c.points(e.points, v)}，已标记待审核`;
      return `风控：${what}，${action}${e.ruleId === null ? '' : `（规则${c.rule(e.ruleId, v)}）`}`;
    },
    memberStatusChanged: (e) =>
      `会员状态：${STATUSES[e.from]} → ${STATUSES[e.to]}${e.reason === null ? '' : `（原因：${e.reason}）`}`,
    rewardIssued: (e, c) => {
      let s = `${e.source === 'gift' ? '获赠' : '兑换获得'}${c.reward(e.rewardId, e.programVersion)}`;
      if (e.terms !== null) s += `（${c.coupon(e.terms)}）`;
      if (e.validUntil !== null) s += `，有效期至 ${c.lastDay(e.validUntil)}`;
      return s;
    },
    rewardUsed: (e, c) => `已使用${c.reward(e.rewardId, e.programVersion)}`,
    memberErased: () => '个人信息已删除（生日、标签、属性），积分不变',
    memberProfileUpdated: (e) => `资料已更新：${e.fields.map((f) => PROFILE_FIELDS[f]).join('、')}`,
  },
  tierReasons: {
    qualified: (from, to) => `由${from}升级为${to}`,
    periodEnded: (from, to) => `${from}有效期结束，未达保级条件，调整为${to}`,
    granted: (from, to) => `获授予${to}（原为${from}）`,
    revoked: (from, to) => `${from}已被撤销，调整为${to}`,
    refundRevoked: (from, to) => `因退款不再满足条件，${from}升级已撤销，恢复为${to}`,
  },

  outcomes: {
    awarded: (p) => `获得 ${p}`,
    capped: (p) => `受上限限制，获得 ${p}`,
    notValidNow: () => '不在有效期内',
    conditionFalse: () => '条件不满足',
    noEligibleLines: () => '订单中没有符合条件的商品',
    zeroPoints: () => '没有可计积分的金额',
    alreadyAwarded: () => '已发放过（仅限一次）',
    notBirthday: () => '不在生日期间',
    noBirthday: () => '会员未登记生日',
    notThisReferral: () => '不适用于本次推荐',
    otherCustomEvent: () => '不是本规则对应的自定义事件',
    outranked: () => '同组中另一条规则优先',
    multiplierApplied: () => '已生效',
    multiplierNotApplied: () => '未生效',
    circularReferral: () => '已拦截：两位会员互相推荐',
    velocity: () => '已拦截：1 小时内奖励次数过多',
  },
  ruleReport: (rule, outcome, why) => `${rule}：${outcome}${why === null ? '' : `；${why}`}`,
  operators: {
    equal: (v) => `等于 ${v}`,
    notEqual: (v) => `不等于 ${v}`,
    in: (v) => `属于 ${v}`,
    notIn: (v) => `不属于 ${v}`,
    contains: (v) => `包含 ${v}`,
    doesNotContain: (v) => `不包含 ${v}`,
    lessThan: (v) => `小于 ${v}`,
    lessThanInclusive: (v) => `不大于 ${v}`,
    greaterThan: (v) => `大于 ${v}`,
    greaterThanInclusive: (v) => `不小于 ${v}`,
    weekdayIn: (v) => `星期属于 ${v}`,
    hourBetween: (v, raw) =>
      Array.isArray(raw) && raw.length === 2 ? `当地时间 ${String(raw[0])}–${String(raw[1])}` : `时段 ${v}`,
    dateBetween: (v, raw) =>
      Array.isArray(raw) && raw.length === 2
        ? `日期在 ${raw[0] === null ? '…' : String(raw[0])} 至 ${raw[1] === null ? '…' : String(raw[1])} 之间`
        : `日期 ${v}`,
    isBirthday: () => '生日当天',
    inBirthdayWeek: () => '生日所在周',
    inBirthdayMonth: () => '生日所在月',
    moneyEqual: (v) => `等于 ${v}`,
    moneyNotEqual: (v) => `不等于 ${v}`,
    moneyLessThan: (v) => `小于 ${v}`,
    moneyLessThanInclusive: (v) => `不大于 ${v}`,
    moneyGreaterThan: (v) => `大于 ${v}`,
    moneyGreaterThanInclusive: (v) => `不小于 ${v}`,
    anyItem: () => '有商品符合条件',
    everyItem: () => '所有商品都符合条件',
    countItems: (_v, raw) => {
      const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const min = typeof o['min'] === 'number' ? o['min'] : null;
      const max = typeof o['max'] === 'number' ? o['max'] : null;
      if (min !== null && max !== null) return `符合条件的商品 ${min}–${max} 件`;
      if (max !== null) return `符合条件的商品最多 ${max} 件`;
      return `符合条件的商品至少 ${min ?? 1} 件`;
    },
  },
  facts: {
    eventId: '事件 ID',
    type: '事件类型',
    occurredAt: '时间',
    orderId: '订单号',
    currency: '币种',
    total: '订单金额',
    subtotal: '商品金额',
    discounts: '折扣',
    tax: '税费',
    shipping: '运费',
    giftCards: '礼品卡',
    paidWithPoints: '积分抵扣',
    basis: '计分金额',
    lines: '商品',
    itemCount: '购买件数',
    channel: '渠道',
    store: '门店',
    couponCodes: '优惠码',
    attributes: '属性',
    customEvent: '自定义事件',
    referralRole: '推荐角色',
    referralStatus: '推荐状态',
    memberId: '会员',
    tier: '会员等级',
    joinedAt: '入会时间',
    daysSinceJoined: '入会天数',
    birthday: '生日',
    tags: '标签',
    memberAttributes: '会员属性',
    pointsBalance: '积分余额',
    lifetimePoints: '累计积分',
    orderCount: '累计订单数',
    lifetimeSpend: '累计消费',
    spendInWindow: '近期消费',
    ordersInWindow: '近期订单数',
    lastPurchaseAt: '上次购买时间',
    daysSinceLastPurchase: '距上次购买天数',
    isFirstPurchase: '首单',
    referredBy: '推荐人',
    localDate: '日期',
    localHour: '时段（小时）',
    localWeekday: '星期',
    localMonth: '月份',
    isBirthdayToday: '生日当天',
    isBirthdayWeek: '生日周',
    isBirthdayMonth: '生日月',
    lineId: '商品行',
    sku: 'SKU',
    category: '品类',
    price: '单价',
    quantity: '数量',
    amount: '商品行金额',
    discount: '商品行折扣',
  },
  weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  operator: (name, value) => `${name} ${value}`,
  leaf: (l) => `${l.fact} = ${l.factValue}（${l.requirement}）${l.result ? '✓' : '✗'}`,
  metrics: {
    spend: {
      value: (a) => `消费 ${a}`,
      need: (a) => `再消费 ${a}`,
    },
    points: {
      value: (a) => `获得 ${a}`,
      need: (a) => `再获得 ${a}`,
    },
    qualifying: {
      value: (a) => `${a}`,
      need: (a) => `再获得 ${a}`,
    },
    orders: {
      value: (_a, n) => `${n} 笔订单`,
      need: (_a, n) => `再下 ${n} 单`,
    },
    activeDays: {
      value: (_a, n) => `${n} 天有消费`,
      need: (_a, n) => `再有 ${n} 天消费`,
    },
    activeMonths: {
      value: (_a, n) => `${n} 个月有消费`,
      need: (_a, n) => `再有 ${n} 个月消费`,
    },
    counter: {
      value: (_a, n, event) => `${event} ${n} 次`,
      need: (_a, n, event) => `再完成 ${n} 次 ${event}`,
    },
  },
  tiers: {
    next: (tier, parts, mode, exact) =>
      `${needs(parts, mode)}，即可升级为${tier}${exact ? '' : '（仅供参考）'}`,
    keep: (tier, parts, mode, exact) =>
      `${needs(parts, mode)}，即可保级${tier}${exact ? '' : '（仅供参考）'}`,
    qualifies: (tier) => `已满足升级${tier}的条件`,
    kept: (tier) => `已满足${tier}的保级条件`,
    notYet: (tier) => `暂未满足升级${tier}的条件`,
    notYetKept: (tier) => `暂未满足${tier}的保级条件`,
    top: (tier) => `已是最高等级：${tier}`,
  },
  benefits: {
    earningMultiplier: (v) => `积分 ×${v}`,
    discountPercent: (v, raw, c) => (typeof raw === 'number' ? `${c.percent(raw).zhe} 折` : `折扣 ${v}`),
    freeShipping: (_v, raw) => (raw === false ? '不包邮' : '包邮'),
    prioritySupport: (_v, raw) => (raw === false ? '无专属客服' : '专属客服'),
    birthdayGift: (v) => `生日礼：${v}`,
  },
  coupon: {
    amountOff: (a) => `立减 ${a}`,
    percentOff: (p, max) => `${p.zhe} 折${max === null ? '' : `，最多减 ${max}`}`,
    freeShipping: '免运费',
    minSpend: (a) => `满 ${a} 可用`,
    categories: (items) => `限 ${items.join('、')}`,
    join: (parts) => parts.join('，'),
  },
  card: {
    tier: (tier, until) => `会员等级：${tier}${until === null ? '' : `（有效期至 ${until}）`}`,
    status: (status) => `会员状态：${status}`,
    points: (available, pending) =>
      `可用积分 ${available}${pending === null ? '' : `，待生效积分 ${pending}`}`,
    expiring: (items) =>
      `即将过期：${items.map((i) => `${points(i.points)}（有效期至 ${i.on}）`).join('；')}`,
    benefits: (items) => `会员权益：${items.join('、')}`,
    reward: (name, until) => `${name}${until === null ? '' : `（有效期至 ${until}）`}`,
    rewards: (items) => `待使用奖励：${items.join('；')}`,
  },
};
