// hollow-node: a test node for kubectl harden's test cluster and sandbox.
//
// It is kubemark's hollow kubelet (the real kubelet code over a fake container runtime, from
// k8s.io/kubernetes/pkg/kubemark) with the three things stock kubemark leaves out, so that the
// kubelet checks of guide section 2 can be proven against it:
//
//   - a KubeletConfiguration file of our own laid over kubemark's defaults (anonymous auth,
//     authorization mode, webhook authentication, read-only port, seccompDefault,
//     protectKernelDefaults, rotateCertificates, feature gates ...), set per node;
//   - HTTPS serving with the kubelet's own authentication and authorization filter
//     (kubeletapp.InitializeTLS and kubeletapp.BuildAuth), as a real kubelet has;
//   - /configz, which serves the effective configuration through the API server's node proxy.
//
// It is built by scripts/build-cluster-bins.sh from the same pinned Kubernetes module as
// kube-apiserver and is never part of a release. Usage:
//
//	hollow-node --kubeconfig node.kubeconfig --name node-1 --node-ip 198.18.7.11 \
//	  --config kubelet.yaml --cert-dir dir [--node-labels k=v,...] [--register-with-taints k=v:Effect]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	clientset "k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/component-base/configz"
	remote "k8s.io/cri-client/pkg"
	fakeremote "k8s.io/cri-client/pkg/fake"
	"k8s.io/klog/v2"
	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"
	kubeletapp "k8s.io/kubernetes/cmd/kubelet/app"
	kubeletconfig "k8s.io/kubernetes/pkg/kubelet/apis/config"
	kubeletscheme "k8s.io/kubernetes/pkg/kubelet/apis/config/scheme"
	cadvisortest "k8s.io/kubernetes/pkg/kubelet/cadvisor/testing"
	"k8s.io/kubernetes/pkg/kubelet/cm"
	"k8s.io/kubernetes/pkg/kubemark"
	"sigs.k8s.io/yaml"
)

func main() {
	var kubeconfigPath, name, nodeIP, configPath, certDir, labels, taints string
	flag.StringVar(&kubeconfigPath, "kubeconfig", "", "the node's kubeconfig (a client certificate for system:node:<name>)")
	flag.StringVar(&name, "name", "", "the node's name")
	flag.StringVar(&nodeIP, "node-ip", "", "the address the kubelet serves on and reports as InternalIP")
	flag.StringVar(&configPath, "config", "", "a KubeletConfiguration (kubelet.config.k8s.io/v1beta1) laid over kubemark's defaults")
	flag.StringVar(&certDir, "cert-dir", "", "where the kubelet's self-signed serving certificate is written")
	flag.StringVar(&labels, "node-labels", "", "labels to register the node with: k=v,k=v")
	flag.StringVar(&taints, "register-with-taints", "", "taints to register the node with: k=v:Effect,...")
	klog.InitFlags(nil)
	flag.Parse()
	if err := run(kubeconfigPath, name, nodeIP, configPath, certDir, labels, taints); err != nil {
		fmt.Fprintf(os.Stderr, "hollow-node: %v\n", err)
		os.Exit(1)
	}
}

func run(kubeconfigPath, name, nodeIP, configPath, certDir, labels, taints string) error {
	if kubeconfigPath == "" || name == "" || nodeIP == "" || certDir == "" {
		return fmt.Errorf("--kubeconfig, --name, --node-ip and --cert-dir are required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	clientConfig, err := clientcmd.BuildConfigFromFlags("", kubeconfigPath)
	if err != nil {
		return fmt.Errorf("kubeconfig %s: %w", kubeconfigPath, err)
	}
	clientConfig.UserAgent = "hollow-node"
	client, err := clientset.NewForConfig(clientConfig)
	if err != nil {
		return err
	}
	heartbeatConfig := *clientConfig
	heartbeatConfig.Timeout = 10 * time.Second
	heartbeatConfig.QPS = -1
	heartbeatClient, err := clientset.NewForConfig(&heartbeatConfig)
	if err != nil {
		return err
	}

	options := &kubemark.HollowKubeletOptions{NodeName: name, KubeletPort: 10250, KubeletReadOnlyPort: 0, MaxPods: 110, NodeLabels: map[string]string{}}
	for _, pair := range split(labels) {
		key, value, _ := strings.Cut(pair, "=")
		options.NodeLabels[key] = value
	}
	for _, text := range split(taints) {
		taint, err := parseTaint(text)
		if err != nil {
			return err
		}
		options.RegisterWithTaints = append(options.RegisterWithTaints, taint)
	}
	flags, config := kubemark.GetHollowKubeletConfig(options)
	flags.NodeIP = nodeIP
	flags.CertDirectory = certDir
	config.Address = nodeIP
	if configPath != "" {
		if config, err = overlay(config, configPath); err != nil {
			return err
		}
	}

	// The kubelet's own HTTPS serving and authentication/authorization filter (kubemark has neither).
	tlsOptions, err := kubeletapp.InitializeTLS(ctx, flags, config)
	if err != nil {
		return fmt.Errorf("serving certificate: %w", err)
	}
	auth, runAuthReload, err := kubeletapp.BuildAuth(types.NodeName(name), client, *config)
	if err != nil {
		return fmt.Errorf("kubelet authentication/authorization: %w", err)
	}
	runAuthReload(ctx.Done())

	// /configz serves the configuration in effect, as a real kubelet does.
	if err := publishConfigz(config); err != nil {
		return err
	}

	endpoint, err := fakeremote.GenerateEndpoint()
	if err != nil {
		return err
	}
	runtime := fakeremote.NewFakeRemoteRuntime()
	if err := runtime.Start(endpoint); err != nil {
		return err
	}
	defer runtime.Stop()
	runtimeService, err := remote.NewRemoteRuntimeServiceBuilder().WithEndpoint(endpoint).WithConnectionTimeout(15 * time.Second).Build(ctx)
	if err != nil {
		return err
	}

	hollow := kubemark.NewHollowKubelet(flags, config, client, heartbeatClient, &cadvisortest.Fake{NodeName: name}, runtime.ImageService, runtimeService, cm.NewStubContainerManager())
	hollow.KubeletDeps.TLSOptions = tlsOptions
	hollow.KubeletDeps.Auth = auth
	go hollow.Run(ctx)
	<-ctx.Done()
	return nil
}

// overlay lays the KubeletConfiguration file over the configuration kubemark made: only the
// fields the file sets change.
func overlay(config *kubeletconfig.KubeletConfiguration, path string) (*kubeletconfig.KubeletConfiguration, error) {
	scheme, _, err := kubeletscheme.NewSchemeAndCodecs()
	if err != nil {
		return nil, err
	}
	versioned := &kubeletv1beta1.KubeletConfiguration{}
	if err := scheme.Convert(config, versioned, nil); err != nil {
		return nil, err
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	document, err := yaml.YAMLToJSON(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := json.Unmarshal(document, versioned); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := &kubeletconfig.KubeletConfiguration{}
	if err := scheme.Convert(versioned, out, nil); err != nil {
		return nil, err
	}
	return out, nil
}

func publishConfigz(config *kubeletconfig.KubeletConfiguration) error {
	scheme, _, err := kubeletscheme.NewSchemeAndCodecs()
	if err != nil {
		return err
	}
	versioned := &kubeletv1beta1.KubeletConfiguration{}
	if err := scheme.Convert(config, versioned, nil); err != nil {
		return err
	}
	versioned.APIVersion = kubeletv1beta1.SchemeGroupVersion.String()
	versioned.Kind = "KubeletConfiguration"
	cz, err := configz.New("kubeletconfig")
	if err != nil {
		return err
	}
	return cz.Set(versioned)
}

func split(text string) []string {
	var out []string
	for _, part := range strings.Split(text, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// parseTaint reads key=value:Effect or key:Effect.
func parseTaint(text string) (v1.Taint, error) {
	keyValue, effect, ok := strings.Cut(text, ":")
	if !ok {
		return v1.Taint{}, fmt.Errorf("taint %q: want key=value:Effect", text)
	}
	key, value, _ := strings.Cut(keyValue, "=")
	return v1.Taint{Key: key, Value: value, Effect: v1.TaintEffect(effect)}, nil
}
