// Traditional Chinese wording of choosing the language and of the written files' comments (lang.en.ts).
import {translation} from '../engine/words.js';
import {langEn} from './lang.en.js';

export const langZhTW = translation(langEn)({
	'cli.error.badLang': '--lang 接受「en」或「zh-TW」，而不是「{value}」。',
	'walk.key.lang': 'l English',
	'walk.help.lang': '  l             切換語言（English／中文）；下次會記得這個選擇',
	'walk.severity.info': '資訊',
	'walk.severity.low': '低',
	'walk.severity.medium': '中',
	'walk.severity.high': '高',
	'walk.severity.critical': '嚴重',
	'walk.lang.notSaved': '本次工作階段已切換語言，但無法儲存這個選擇（{reason}）。',
	'files.audit.header': `審計策略，由 kubectl harden 寫出（指南第 4.2 節）。
把它複製到每個控制平面節點，並以下列參數啟動 kube-apiserver：
  --audit-policy-file=/etc/kubernetes/audit-policy.yaml
  --audit-log-path=/var/log/kubernetes/audit/audit.log
  --audit-log-maxage=30 --audit-log-maxbackup=10 --audit-log-maxsize=100
（在 kubeadm 上，還要把這兩個路徑掛載進 kube-apiserver 的靜態 Pod）。
第一條符合請求的規則決定它的記錄層級。`,
	'files.audit.secrets': 'Secret、ConfigMap 和令牌：只記錄誰碰了哪一個，絕不記錄內容。',
	'files.audit.noise': '健康檢查，以及節點和控制器不斷發出的心跳流量：不記錄。',
	'files.audit.reads': '讀取：誰看了什麼。',
	'files.audit.writes': '變更（包括 exec 和 port-forward）：誰改了什麼，連同請求內容。',
	'files.audit.rest': '其他一切。',
	'files.encryption.header': `EncryptionConfiguration，由 kubectl harden 寫出（指南第 4.6 節）。
其中含有金鑰：只讓 root 可讀，絕不提交到版本庫，並與 etcd 分開備份。
把它複製到每個控制平面節點（例如 /etc/kubernetes/enc/encryption-config.yaml），
以 --encryption-provider-config=<該路徑> 啟動 kube-apiserver（在 kubeadm 上，還要把該目錄
掛載進 kube-apiserver 的靜態 Pod），然後重寫已經儲存的資料：
  kubectl harden reencrypt
KMS v2 提供者讓金鑰不必放在節點上；平台有提供時請優先使用。`,
	'walk.start.sectionLine': '{title}：{detail}',
});
