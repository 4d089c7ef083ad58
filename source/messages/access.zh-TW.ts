// Traditional Chinese wording of the control-plane and RBAC facts (access.en.ts).
import {translation} from '../engine/words.js';
import {accessEn} from './access.en.js';

export const accessZhTW = translation(accessEn)({
	'controlPlane.hidden.error': '無法讀取 kube-system 中的 Pod（{error}），所以看不到 API 伺服器的參數。',
	'controlPlane.hidden.managed': '控制平面由 {provider} 代管：從 API 看不到它的命令列。',
	'controlPlane.hidden.notMirrored': '在 kube-system 中看不到 kube-apiserver Pod，因此讀不到它的參數（這裡的控制平面不是以靜態 Pod 執行，或在看不到的地方執行）。',
	'controlPlane.advice.EKS': '向雲端供應商查詢：aws eks describe-cluster --name <cluster>（logging、encryptionConfig、endpoint access）。',
	'controlPlane.advice.GKE': '向雲端供應商查詢：gcloud container clusters describe <cluster>（databaseEncryption、masterAuth、legacyAbac）。',
	'controlPlane.advice.AKS': '向雲端供應商查詢：az aks show --name <cluster> --resource-group <group>（aadProfile、disableLocalAccounts、securityProfile）。',
	'controlPlane.advice.none': '在控制平面節點上讀取參數（kubeadm 上是 /etc/kubernetes/manifests/kube-apiserver.yaml），或詢問負責控制平面的人。',
	'rbac.noRules': '沒有任何權限（該角色不存在）',
	'rbac.where.cluster': '於所有名字空間',
	'rbac.where.namespace': '於名字空間 {namespace}',
	'rbac.grant': '把 {role}（{rules}）{where}授予 {subjects}',
	'rbac.grantAll': '{subject} 透過 {role} {where}可以做任何事',
	'rbac.loses': '{subjects} 將失去 {role}（{rules}）{where}',
	'rbac.everything': '對所有資源的所有動作',
	'rbac.change.remove': '從 {binding} 移除主體：{loses}',
	'rbac.change.delete': '刪除 {binding}（不會剩下任何主體）：{loses}',
	'rbac.note.keepOperator': '在 {binding} 中保留了 {subject}：那就是你，移除它可能會把你自己鎖在外面。',
});
