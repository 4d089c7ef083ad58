// 4.1 etcd-access: etcd demands TLS and client certificates (as its flags and the API server's show).
// The check in one file: its probe and its words (the fix is manual).
import {type Check, type Evidence, type Status, combine} from '../engine/types.js';
import {type Words, sayer, type Phrase, because, line} from '../engine/words.js';
import {apiserverEvidence, controlPlane, flag, hiddenReason} from '../facts/control-plane.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'etcd demands TLS and client certificates (as its flags and the API server\'s show)',
	risk: 'etcd holds every object of the cluster, Secrets included. Whoever can write to it is cluster-admin without any RBAC check; whoever can read it has every credential.',
	attack: 'From a pod or a node on the control-plane network, an attacker connects to etcd\'s client port; if it does not demand a client certificate, they read every Secret or write a binding straight into the store.',
	fix: 'Nothing to change through the API: etcd\'s and the API server\'s flags live on the control-plane nodes.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'etcd: --client-cert-auth=true --trusted-ca-file=<etcd-ca> --cert-file/--key-file, --peer-client-cert-auth=true --peer-trusted-ca-file=<etcd-ca>, https:// listen URLs, no --auto-tls or --peer-auto-tls. API server: --etcd-servers=https://... --etcd-cafile --etcd-certfile --etcd-keyfile. Firewall the etcd ports (2379, 2380) to the control-plane nodes.',
	link: `${guideUrl}#restrict-access-to-etcd`,
	'ev.plain': 'reaches etcd without TLS: {urls}',
	'ev.noClientCert': 'no client certificate for etcd ({flags} missing)',
	'ev.apiserverGood': 'reaches etcd over TLS with a client certificate: {urls}',
	'ev.noClientAuth': 'clients need no certificate (--client-cert-auth is not true)',
	'ev.noPeerAuth': 'peers need no certificate (--peer-client-cert-auth is not true)',
	'ev.autoTls': '{flag}: self-generated certificates that nobody can verify',
	'ev.plainListen': 'serves clients without TLS on {urls}',
	'ev.etcdGood': 'client and peer certificates required, TLS only',
	'reason.external': 'No etcd pod is visible in kube-system: etcd runs outside the cluster, so its own settings cannot be read from here.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('etcd-access', words);

export const etcdAccess: Check = {
	id: 'etcd-access',
	section: '4.1',
	words,
	async probe(context) {
		const plane = await controlPlane(context);
		if (!plane.apiserver) {
			return {status: 'unknown', severity: 'critical', evidence: [], ...because(hiddenReason(plane))};
		}
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const apiserver = plane.apiserver;
		const servers = (flag(apiserver, 'etcd-servers') ?? '').split(',').filter(Boolean);
		const plain = servers.filter(url => !url.startsWith('https://'));
		const missing = ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile'].filter(name => !flag(apiserver, name));
		if (plain.length > 0 || missing.length > 0) {
			parts.push({status: 'fail', evidence: [apiserverEvidence(plane, [...plain.length > 0 ? [say.code('ev.plain', {urls: plain.join(', ')})] : [], ...missing.length > 0 ? [say.code('ev.noClientCert', {flags: missing.map(name => `--${name}`).join(', ')})] : []])]});
		} else {
			parts.push({status: 'pass', evidence: [apiserverEvidence(plane, say.code('ev.apiserverGood', {urls: servers.join(', ')}))]});
		}
		if (!plane.etcd) {
			parts.push({status: 'unknown', evidence: []});
			return {...combine(parts, 'critical'), ...say.reason('reason.external')};
		}
		const etcd = plane.etcd;
		const problems: Phrase[] = [];
		if (flag(etcd, 'client-cert-auth') !== 'true') {
			problems.push(say.code('ev.noClientAuth'));
		}
		if (flag(etcd, 'peer-client-cert-auth') !== 'true') {
			problems.push(say.code('ev.noPeerAuth'));
		}
		for (const name of ['auto-tls', 'peer-auto-tls']) {
			if (flag(etcd, name) === 'true') {
				problems.push(say.code('ev.autoTls', {flag: `--${name}`}));
			}
		}
		const plainListen = (flag(etcd, 'listen-client-urls') ?? '').split(',').filter(url => url.startsWith('http://'));
		if (plainListen.length > 0) {
			problems.push(say.code('ev.plainListen', {urls: plainListen.join(', ')}));
		}
		const pod = etcd.pod;
		parts.push({status: problems.length > 0 ? 'fail' : 'pass', evidence: [{kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, ...line(problems.length > 0 ? problems : say.code('ev.etcdGood'))}]});
		return combine(parts, 'critical');
	},
};
