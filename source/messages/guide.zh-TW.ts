// Traditional Chinese for guide.en.ts: the same keys, each with the same {placeholders}.
import type {guideEn} from './guide.en.js';

export const guideZhTW: Record<keyof typeof guideEn, string> = {
	'guide.cli.badNodeMaxAge': '--node-max-age 需要整數天數（0 會列出每個節點），而不是「{value}」。',
	'guide.reencrypt.badResource': '--resources 需要資源類型，例如 secrets,configmaps,widgets.example.com，而不是「{value}」。',
	'guide.reencrypt.unknownResource': '--resources {value}：API 伺服器沒有提供這個名稱、且可 list 與 update 的資源（請依 EncryptionConfiguration 的寫法命名：複數形式，核心組以外的資源再加上 .group）。',
	'guide.reencrypt.typesFlag': '要重寫的資源類型（依 --resources）：{resources}。自 API 伺服器啟動以來，/metrics 顯示經由加密提供者儲存的資源：{seen}。',
	'guide.reencrypt.typesDefault': '要重寫的資源類型：{resources}。這是推定的，因為 API 看不到加密設定列出了哪些類型：Secret、ConfigMap 與所有自訂資源（kubectl harden write encryption-config 所涵蓋的），加上自 API 伺服器啟動以來 /metrics 顯示經由加密提供者儲存的資源：{seen}。若你的設定不同，請用 --resources 指定類型；設定未涵蓋的類型會保持原本的儲存方式（不改變已儲存位元組的寫入會被 API 伺服器略過）。',
	'guide.reencrypt.seenNone': '目前沒有',
	'guide.reencrypt.noCustom': '無法列出自訂資源（{error}）；它們不在這次範圍內。',
	'guide.reencrypt.plan': '將把 {count} 個對象原樣寫回（{counts}），讓 API 伺服器以設定中該類型的第一個提供者儲存每個對象。{reason}',
	'guide.reencrypt.progress': '目前已列出的對象中已重寫 {done} / {seen}，正在處理 {resource}（{resumed} 個在先前的執行中完成，{raced} 個期間被他人修改，{failed} 個失敗）',
	'guide.reencrypt.finished': '完成：{done} 個對象已經由設定的提供者儲存（本次：{types}；{resumed} 個在先前的執行中完成，{raced} 個期間被他人寫入）。',
	'guide.reencrypt.failedOne': '無法重寫 {object}：{error}',
	'guide.walk.key.reencrypt': 'e 重新加密已儲存資料',
	'guide.walk.help.reencrypt': '  e             （靜態加密）重寫已儲存的對象，使其以加密方式儲存',
	'guide.walk.detail.reencryptOffer': 'API 伺服器以新設定執行後，按 e 重寫設定所涵蓋的 Secret、ConfigMap 與自訂資源，使每個對象都以加密方式儲存（會顯示進度；中斷的執行會從中斷處繼續）。',
};
