// 4.2 audit-logging: The API server keeps an audit log.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, because, translation} from '../engine/words.js';
import {apiserverEvidence, controlPlane, flag} from '../facts/control-plane.js';
import {metrics} from '../facts/metrics.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'The API server keeps an audit log',
	risk: 'Without audit logging, nobody can tell afterwards who read which Secret, who created that privileged pod, or which token was used from where.',
	attack: 'An attacker with stolen credentials works through the cluster at leisure; when someone notices, there is no record of what they touched or how they got in.',
	fix: 'Nothing to change through the API: audit logging is configured with API server flags and a policy file on the control-plane nodes.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Write an audit Policy (Metadata for Secrets, ConfigMaps and tokens, never RequestResponse, which would write their contents into the log; request bodies for RBAC changes and pods/exec; Metadata for the rest. Press o for such a policy), then start the API server with --audit-policy-file=<policy> and --audit-log-path=/var/log/kubernetes/audit.log --audit-log-maxage=30 --audit-log-maxbackup=10 --audit-log-maxsize=100 (or --audit-webhook-config-file), and ship the log off the node.',
	link: `${guideUrl}#enable-audit-logging`,
	noBackend: 'no log path or webhook',
	'ev.flags': '--audit-policy-file={policy}, written to {backend}',
	'ev.noPolicy': 'no --audit-policy-file: nothing is audited',
	'ev.events': '{count} audit events recorded since the API server started',
	'reason.none': 'The API server has recorded no audit event since it started: audit logging is off.',
	'reason.recording': 'The API server is recording audit events ({count} since it started).',
	'reason.metricsRefused': 'The API server\'s /metrics could not be read ({error}), so whether it records audit events is not known.',
	'reason.noMetric': 'The API server\'s /metrics has no apiserver_audit_event_total, so whether it records audit events is not known.',
	'step.policy': 'Write the recommended audit policy (press o here, or run the command) and copy it to each control-plane node as /etc/kubernetes/audit-policy.yaml.',
	'step.flags': 'In the API server\'s static Pod manifest on each control-plane node (/etc/kubernetes/manifests/kube-apiserver.yaml on kubeadm), add the audit flags. To send events to a collector instead of a file, use --audit-webhook-config-file.',
	'step.mounts': 'On kubeadm, also mount the policy file and the log directory into the API server\'s Pod (the snippet goes under the container\'s volumeMounts and the Pod\'s volumes). The kubelet restarts the API server when the manifest is saved; other layouts set the same flags in their own service definition.',
	'step.ship': 'Ship the log off the node (a log agent such as Fluent Bit, or the webhook backend) and keep it where an attacker on the node cannot erase it.',
	'step.verify': 'Check that the API server now records audit events: the counter grows with every request.',
} as const;

const zh = translation(en)({
	title: 'API 伺服器保留審計日誌',
	risk: '沒有審計日誌，事後就沒有人能知道是誰讀了哪個 Secret、誰建立了那個特權 Pod、哪個令牌從哪裡被使用過。',
	attack: '拿到被竊憑據的攻擊者可以在叢集裡慢慢探索；等到有人察覺時，既沒有他碰過什麼的紀錄，也不知道他是怎麼進來的。',
	fix: '這項不能透過 API 修改：審計日誌是用控制平面節點上的 API 伺服器參數和一個策略檔案設定的。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '撰寫一份審計策略（Secret、ConfigMap 和令牌用 Metadata，絕不要用 RequestResponse，否則它們的內容會被寫進日誌；RBAC 變更和 pods/exec 記錄請求內容；其餘用 Metadata。按 o 可取得這樣一份策略），然後以 --audit-policy-file=<policy> 及 --audit-log-path=/var/log/kubernetes/audit.log --audit-log-maxage=30 --audit-log-maxbackup=10 --audit-log-maxsize=100（或 --audit-webhook-config-file）啟動 API 伺服器，並把日誌送出節點之外保存。',
	link: en.link,
	noBackend: '沒有日誌路徑，也沒有 Webhook',
	'ev.flags': '--audit-policy-file={policy}，寫入 {backend}',
	'ev.noPolicy': '沒有 --audit-policy-file：什麼都不審計',
	'ev.events': 'API 伺服器啟動以來記錄了 {count} 個審計事件',
	'reason.none': 'API 伺服器啟動以來沒有記錄任何審計事件：審計日誌是關閉的。',
	'reason.recording': 'API 伺服器正在記錄審計事件（啟動以來 {count} 個）。',
	'reason.metricsRefused': '無法讀取 API 伺服器的 /metrics（{error}），因此不知道它是否記錄審計事件。',
	'reason.noMetric': 'API 伺服器的 /metrics 中沒有 apiserver_audit_event_total，因此不知道它是否記錄審計事件。',
	'step.policy': '產生建議的審計策略（在這裡按 o，或執行指令），複製到每個控制平面節點的 /etc/kubernetes/audit-policy.yaml。',
	'step.flags': '在每個控制平面節點上 API 伺服器的靜態 Pod 清單（kubeadm 為 /etc/kubernetes/manifests/kube-apiserver.yaml）加上審計參數。若要把事件送到收集器而不是寫入檔案，請改用 --audit-webhook-config-file。',
	'step.mounts': '在 kubeadm 上，還要把策略檔案和日誌目錄掛載進 API 伺服器的 Pod（片段分別放在容器的 volumeMounts 和 Pod 的 volumes 下）。清單存檔後 kubelet 會重新啟動 API 伺服器；其他部署方式則在各自的服務定義中設定同樣的參數。',
	'step.ship': '把日誌送出節點之外（例如用 Fluent Bit 之類的日誌代理，或 Webhook 後端），存放在節點上的攻擊者無法抹除的地方。',
	'step.verify': '確認 API 伺服器現在會記錄審計事件：計數器隨每個請求增加。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('audit-logging', words);

export const auditLogging: Check = {
	id: 'audit-logging',
	section: '4.2',
	words,
	actions: {file: 'audit-policy'},
	steps: [
		{id: 'policy', text: 'step.policy', file: 'audit-policy', command: 'kubectl harden write audit-policy ./audit-policy.yaml\nscp ./audit-policy.yaml <control-plane-node>:/etc/kubernetes/audit-policy.yaml'},
		{id: 'flags', text: 'step.flags', command: '- --audit-policy-file=/etc/kubernetes/audit-policy.yaml\n- --audit-log-path=/var/log/kubernetes/audit/audit.log\n- --audit-log-maxage=30\n- --audit-log-maxbackup=10\n- --audit-log-maxsize=100'},
		{id: 'mounts', text: 'step.mounts', command: 'volumeMounts:\n- mountPath: /etc/kubernetes/audit-policy.yaml\n  name: audit-policy\n  readOnly: true\n- mountPath: /var/log/kubernetes/audit/\n  name: audit-log\nvolumes:\n- name: audit-policy\n  hostPath:\n    path: /etc/kubernetes/audit-policy.yaml\n    type: File\n- name: audit-log\n  hostPath:\n    path: /var/log/kubernetes/audit/\n    type: DirectoryOrCreate'},
		{id: 'ship', text: 'step.ship'},
		{id: 'verify', text: 'step.verify', command: 'kubectl get --raw /metrics | grep -e apiserver_audit_event_total'},
	],
	seeIt: [
		'kubectl get --raw /metrics | grep -e apiserver_audit_event_total',
		'kubectl -n kube-system get pods -l component=kube-apiserver -o jsonpath=\'{range .items[*].spec.containers[0].command[*]}{@}{"\\n"}{end}\' | grep -e --audit',
	],
	async probe(context) {
		const found: Evidence[] = [];
		const {samples, error} = await metrics(context);
		const events = samples.filter(sample => sample.name === 'apiserver_audit_event_total');
		const plane = await controlPlane(context);
		const policy = plane.apiserver ? flag(plane.apiserver, 'audit-policy-file') : undefined;
		const backend = plane.apiserver ? flag(plane.apiserver, 'audit-log-path') ?? flag(plane.apiserver, 'audit-webhook-config-file') : undefined;
		if (plane.apiserver) {
			found.push(apiserverEvidence(plane, policy
				? say.code('ev.flags', {policy, backend: backend ?? say('noBackend')})
				: say.code('ev.noPolicy')));
		}
		if (error || events.length === 0) {
			const reason = because(error ? say.code('reason.metricsRefused', {error}) : say.code('reason.noMetric'));
			return plane.apiserver && !policy
				? {status: 'fail', severity: 'high', evidence: found, ...reason}
				: {status: 'unknown', severity: 'high', evidence: found, ...reason};
		}
		const total = events.reduce((sum, sample) => sum + sample.value, 0);
		found.unshift({kind: 'Metric', name: 'apiserver_audit_event_total', ...say.line('ev.events', {count: total})});
		if (total === 0) {
			return {status: 'fail', severity: 'high', evidence: found, ...say.reason('reason.none')};
		}
		return {status: 'pass', severity: 'info', evidence: found, ...say.reason('reason.recording', {count: total})};
	},
};
