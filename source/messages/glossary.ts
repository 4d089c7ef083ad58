// The terms the Traditional Chinese wording keeps to: Kubernetes' own zh terminology as the
// guide's zh edition uses it (the seeds), in Taiwan usage. One entry per English term: where a
// key's English uses the term (as a plain word: flags, field names, kinds and commands do not
// count), its zh-TW text uses `zh`; and no zh-TW text anywhere uses a variant in `avoid` (other
// regions' or simplified forms). test/catalog.test.ts holds the catalog and every check's words
// to it.

export interface GlossaryTerm {
	/** The English term, as a plain word (case-insensitive, whole words). */
	en: RegExp;
	/** What zh-TW says for it. */
	zh: string;
	/** Variants that must not appear in zh-TW text. */
	avoid: string[];
}

export const glossary: GlossaryTerm[] = [
	{en: /\bclusters?\b/i, zh: '叢集', avoid: ['集群', '丛集', '群集']},
	{en: /\bnodes?\b/i, zh: '節點', avoid: ['节点', '結點']},
	{en: /\bnamespaces?\b/i, zh: '名字空間', avoid: ['命名空間', '命名空间', '名字空间', '名稱空間']},
	{en: /\badmission\b/i, zh: '准入', avoid: ['准入控制器件']},
	{en: /\baudit(ing|ed)?\b/i, zh: '審計', avoid: ['审计', '稽核']},
	{en: /\bcertificates?\b/i, zh: '證書', avoid: ['证书', '憑證']},
	{en: /\bauthenticat(e|es|ed|ion|ing)\b/i, zh: '認證', avoid: ['认证', '身分驗證', '身份驗證']},
	{en: /\bauthori[sz](e|es|ed|ation|ing)\b/i, zh: '鑑權', avoid: ['鉴权', '鑒權']},
	{en: /\bservice[ -]?accounts?\b/i, zh: '服務帳戶', avoid: ['服務賬號', '服務帳號', '服務賬戶', '服务账户', '服务账号']},
	{en: /\btokens?\b/i, zh: '令牌', avoid: ['權杖', '权杖', '代幣']},
	{en: /\bcredentials?\b/i, zh: '憑據', avoid: ['凭据']},
	{en: /\bcontrol[ -]plane\b/i, zh: '控制平面', avoid: ['控制面板', '控制層']},
	{en: /\bworkloads?\b/i, zh: '工作負載', avoid: ['工作负载', '工作負荷']},
	{en: /\bnetwork polic(y|ies)\b/i, zh: '網路策略', avoid: ['网络策略', '網絡策略', '網路原則']},
	{en: /\bresource quotas?\b/i, zh: '資源配額', avoid: ['资源配额']},
	{en: /\b(encryption|encrypted) at rest\b/i, zh: '靜態加密', avoid: ['静态加密']},
	{en: /\btaints?\b/i, zh: '污點', avoid: ['污点', '汙點']},
	{en: /\bprivileged?\b/i, zh: '特權', avoid: ['特权']},
	{en: /\bAPI servers?\b/i, zh: 'API 伺服器', avoid: ['API 服務器', 'API 服务器', 'API服務器']},
	{en: /\busers?\b/i, zh: '使用者', avoid: ['用戶', '用户']},
	{en: /\bbindings?\b/i, zh: '綁定', avoid: ['绑定', '繫結']},
	{en: /\broles?\b/i, zh: '角色', avoid: []},
	{en: /\bdry[ -]run\b/i, zh: '試執行', avoid: []},
	{en: /\bjournal\b/i, zh: '修正紀錄', avoid: []},
];

/** Words that hold a variant to avoid yet are right as they are (用戶端: a client, in Taiwan usage). */
export const allowedWords: string[] = ['用戶端'];

/** Other regions' words for things every text may say, and simplified-only characters: never in zh-TW. */
export const avoidEverywhere: string[] = [
	// 啓: the seeds' converted form; Taiwan writes 啟 (開啟, 啟用).
	'啓', '服務器', '網絡', '默認', '設置', '文件夾', '信息', '軟件', '硬件', '數據', '視頻', '鏈接', '菜單', '屏幕',
	...'这个们时为说对会进过发关问间还点开动认证书审计据权户务网络资级与处备应该样实现变读写删设执运录载钥页显终检测试览称复须',
];

/**
 * The words of an English text that count for the glossary: without {placeholders} and without
 * tokens that are code (flags, field names, commands, kinds, paths: anything with `-`, `:`, `/`,
 * `.`, `=`, `_` or an inner capital; a command line up to the end of its clause).
 */
export function plainEnglish(text: string): string {
	return text
		.replaceAll(/\{\w+\}/g, ' ')
		.replaceAll(/\b(kubectl|gcloud|aws|az)\s[^;,:()]*/g, ' ')
		.split(/\s+/)
		.filter(word => !/[-:/.=_`$<>[\]]\w|\w[-:/=_]|[a-z][A-Z]/.test(word))
		.join(' ');
}
