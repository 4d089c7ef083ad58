// The walk's probes, in a worker thread of their own (see prober.ts): a client built from the
// same kubeconfig parts and options as the walk's, a fresh snapshot per request, and progress
// and results sent back as plain records. It never writes to the cluster, a file or the screen.
import {parentPort, workerData} from 'node:worker_threads';
import {KubeClient} from '../kube/client.js';
import {targetFromParts} from '../kube/kubeconfig.js';
import {setLanguage} from '../messages/catalog.js';
import type {FromWorker, ToWorker, WorkerSetup} from './prober.js';
import {runChecks} from './runner.js';
import {Snapshot} from './snapshot.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const send = (message: FromWorker) => port.postMessage(message);
setLanguage(setup.language);

const [{findCheck}, client] = await Promise.all([
	import('../checks/index.js'),
	KubeClient.connect(targetFromParts(setup.target), setup.options).catch((error: unknown) => {
		send({type: 'unusable', message: error instanceof Error ? error.message : String(error)});
		return undefined;
	}),
]);

async function probe(message: Extract<ToWorker, {type: 'probe'}>): Promise<void> {
	const checks = message.ids.map(id => findCheck(id));
	if (!client || checks.some(check => check === undefined)) {
		send({type: 'failed', request: message.request, message: `no check ${message.ids.find(id => !findCheck(id))} here`});
		return;
	}
	const snapshot = new Snapshot(client, message.namespace);
	await runChecks(checks.map(check => check!), {client, identity: message.identity, namespace: message.namespace, snapshot, thresholds: message.thresholds}, {
		concurrency: message.concurrency,
		onProgress: event => send({type: 'progress', request: message.request, event}),
	});
	send({type: 'done', request: message.request});
}

if (client) {
	port.on('message', (message: ToWorker) => {
		if (message.type === 'language') {
			setLanguage(message.language);
		} else if (message.type === 'probe') {
			probe(message).catch((error: unknown) => send({type: 'failed', request: message.request, message: error instanceof Error ? error.message : String(error)}));
		}
	});
}
