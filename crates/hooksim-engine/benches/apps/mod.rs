//! The generated applications the benchmarks measure: `benches/simulate.rs` (criterion, wall
//! time) and `examples/instructions.rs` (instruction counts under callgrind, `make
//! bench-instructions`). The playground's benchmark (web/bench/playground.bench.mjs) writes the
//! same application in JavaScript.

const WAVES: usize = 20;

/// An application of `n` manifests, as Helm would render it.
pub fn application(n: usize) -> String {
    let mut out = String::with_capacity(n * 600);
    for i in 0..n {
        let wave = i % WAVES;
        if !out.is_empty() {
            out.push_str("---\n");
        }
        if i % 10 == 0 {
            let phase = ["PreSync", "Sync", "PostSync"][(i / 10) % 3];
            out.push_str(&format!(
                "apiVersion: batch/v1
kind: Job
metadata:
  name: hook-{i}
  annotations:
    argocd.argoproj.io/hook: {phase}
    argocd.argoproj.io/hook-delete-policy: HookSucceeded
    argocd.argoproj.io/sync-wave: \"{wave}\"
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: hook
          image: busybox:1.36
          command: [sh, -c, \"echo hook {i}\"]
"
            ));
            continue;
        }
        match i % 3 {
            0 => out.push_str(&format!(
                "apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  labels: {{app: app-{i}}}
  annotations:
    argocd.argoproj.io/sync-wave: \"{wave}\"
spec:
  replicas: 2
  selector:
    matchLabels: {{app: app-{i}}}
  template:
    metadata:
      labels: {{app: app-{i}}}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - containerPort: 8080
          env:
            - {{name: MODE, value: production}}
"
            )),
            1 => out.push_str(&format!(
                "apiVersion: v1
kind: Service
metadata:
  name: svc-{i}
  annotations:
    argocd.argoproj.io/sync-wave: \"{wave}\"
spec:
  selector: {{app: app-{i}}}
  ports:
    - port: 80
      targetPort: 8080
"
            )),
            _ => out.push_str(&format!(
                "apiVersion: v1
kind: ConfigMap
metadata:
  name: config-{i}
  annotations:
    argocd.argoproj.io/sync-wave: \"{wave}\"
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: \"a,b,c\"
"
            )),
        }
    }
    out
}

/// An app-of-apps (issue 11): a parent of `children` child Applications, one per sync wave, each
/// with its own `n` manifests (the generated application) after its `AppManifests` document, and
/// the Application health check, so that the parent waits for each child's own sync (A33, A35).
pub fn app_of_apps(children: usize, n: usize) -> String {
    let mut out = String::from(
        "apiVersion: hooksim/v1\nkind: Scenario\nsettings: {applicationHealthCheck: true, horizonSeconds: 36000}\n---\n\
         apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: root, namespace: argocd}\n\
         spec: {destination: {namespace: argocd}}\n",
    );
    for c in 0..children {
        out.push_str(&format!(
            "---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: child-{c}\n  namespace: argocd\n  annotations: {{argocd.argoproj.io/sync-wave: \"{c}\"}}\nspec:\n  destination: {{namespace: child-{c}}}\n  syncPolicy: {{automated: {{prune: true}}}}\n"
        ));
    }
    let own = application(n);
    for c in 0..children {
        out.push_str(&format!("---\napiVersion: hooksim/v1\nkind: AppManifests\nmetadata: {{name: child-{c}}}\n---\n"));
        out.push_str(&own);
    }
    out
}
