// 4.6 etcd-backups: etcd backups are encrypted and kept apart.
// The check in one file: its words and steps. Where backups go and how they are encrypted is
// not in the Kubernetes API: the verdict is `unknown` with the steps to tick off.
import type {Check} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {cannotBeSeen, guideUrl} from '../facts/util.js';

const en = {
	title: 'etcd backups are encrypted and kept apart',
	risk: 'An etcd snapshot is the whole cluster in one file: every object, every Secret (in plain bytes unless encryption at rest is on, and even then the rest of the cluster\'s layout), every service-account token. Backups are copied, kept for months and read by backup tooling; an unencrypted one is the easiest way to the cluster\'s credentials.',
	attack: 'An attacker with read access to the backup bucket or the backup server downloads last night\'s etcd snapshot, restores it on a laptop and reads every Secret, without touching the cluster.',
	fix: 'Nothing to change through the API: backups are made and stored outside the cluster.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Encrypt every etcd snapshot before it leaves the control-plane node, with a well-reviewed tool (age, gpg, or the backup system\'s own encryption with a key you hold), keep the key apart from the backups, limit who may read the backup store, and test a restore regularly.',
	link: `${guideUrl}#encrypt-secrets-at-rest`,
	'reason.unseen': 'The Kubernetes API cannot show how etcd is backed up or where the backups go: this stays unknown (never a pass) until you check; tick off the steps once done.',
	'step.find': 'Find how etcd is backed up (a cron job on the control plane, a backup operator, the provider\'s snapshots) and where the snapshots are stored.',
	'step.encrypt': 'Encrypt each snapshot before it leaves the node, with a key kept apart from the backups.',
	'step.access': 'Limit who and what may read the backup store; log its reads.',
	'step.restore': 'Test a restore from an encrypted backup, so that the key and the procedure are known to work.',
} as const;

const zh = translation(en)({
	title: 'etcd 備份已加密並與叢集分開存放',
	risk: 'etcd 快照就是整個叢集的單一檔案：每個對象、每個 Secret（除非開啟靜態加密，否則是明文；即使開啟了，叢集的其餘結構也都在裡面）、每個服務帳戶令牌。備份會被複製、保存數個月，並被備份工具讀取；未加密的備份是取得叢集憑據最容易的途徑。',
	attack: '能讀取備份儲存桶或備份伺服器的攻擊者，下載昨晚的 etcd 快照，在筆電上還原，讀出每個 Secret，完全不必碰到叢集。',
	fix: '這項不能透過 API 修改：備份在叢集外製作與存放。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '每個 etcd 快照在離開控制平面節點之前都先加密，使用經過充分審查的工具（age、gpg，或備份系統自己的加密，金鑰由你持有），金鑰與備份分開存放，限制誰能讀取備份儲存，並定期測試還原。',
	link: en.link,
	'reason.unseen': 'Kubernetes API 看不到 etcd 如何備份、備份存放在哪裡：在你檢查之前這項維持未知（絕不算通過）；完成後請勾選各步驟。',
	'step.find': '找出 etcd 的備份方式（控制平面上的排程工作、備份 operator、雲端供應商的快照）以及快照存放的位置。',
	'step.encrypt': '每個快照在離開節點前先加密，金鑰與備份分開存放。',
	'step.access': '限制能讀取備份儲存的人與程式；記錄讀取行為。',
	'step.restore': '用加密的備份測試還原，確認金鑰與程序都可用。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('etcd-backups', words);

export const etcdBackups: Check = {
	id: 'etcd-backups',
	section: '4.6',
	words,
	steps: [
		{id: 'find', text: 'step.find', command: 'crontab -l; ls /etc/cron.d    # on each control-plane node'},
		{id: 'encrypt', text: 'step.encrypt', command: 'ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key snapshot save /var/backups/etcd.db\nage -r <recipient-public-key> -o /var/backups/etcd.db.age /var/backups/etcd.db && shred -u /var/backups/etcd.db'},
		{id: 'access', text: 'step.access'},
		{id: 'restore', text: 'step.restore', command: 'age -d -i <key-file> -o /tmp/etcd.db /var/backups/etcd.db.age\netcdutl snapshot status /tmp/etcd.db'},
	],
	seeIt: [
		'kubectl get cronjobs -A',
		'kubectl get pods -A -o wide | grep -i -E \'backup|velero|etcd\'',
	],
	probe: cannotBeSeen('high', () => say.reason('reason.unseen')),
};
