/* import-samples.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Large inputs for the import, shared by its tests and its benchmark:
 * service i depends on import_sample_n_picks (i) services before it (so
 * the graph is acyclic), through a declared dependency and addresses of
 * every form. */

#include "config.h"

#include "import-samples.h"

/* The k-th service that service @i depends on (@i > 0). */
guint
import_sample_pick (guint i,
                    guint k)
{
  return (i * 7919u + k * 104729u) % i;
}

guint
import_sample_n_picks (guint i)
{
  return i == 0 ? 0 : i == 1 ? 1 : 3;
}

/* A compose file of @n services, svc-000 …: depends_on, a URL and a
 * host:port. */
gchar *
import_sample_compose (guint n)
{
  GString *text = g_string_new ("services:\n");

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (text,
                              "  svc-%03u:\n"
                              "    image: registry.acme.test/team%u/svc-%03u:1.%u\n"
                              "    ports: [\"%u:8080\"]\n"
                              "    healthcheck: {test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/healthz\"]}\n",
                              i, i % 20, i, i, 10000 + i);
      if (i > 0)
        g_string_append_printf (text, "    depends_on: [svc-%03u]\n", import_sample_pick (i, 0));
      if (i > 1)
        g_string_append_printf (text,
                                "    environment:\n"
                                "      UPSTREAM: http://svc-%03u:8080/api\n"
                                "      CACHE: svc-%03u:6379\n"
                                "      LOG_LEVEL: info\n",
                                import_sample_pick (i, 1), import_sample_pick (i, 2));
    }

  return g_string_free (text, FALSE);
}

/* Kubernetes manifests of @n workloads wl-000 … (Deployments,
 * StatefulSets and DaemonSets in turn), each behind a Service svc-NNN,
 * naming others as name:port, a cluster URL and name.ns. */
gchar *
import_sample_kubernetes (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (text,
                              "---\n"
                              "apiVersion: apps/v1\n"
                              "kind: %s\n"
                              "metadata: {name: wl-%03u, namespace: big}\n"
                              "spec:\n"
                              "  template:\n"
                              "    metadata: {labels: {app: wl-%03u}}\n"
                              "    spec:\n"
                              "      containers:\n"
                              "        - name: main\n"
                              "          image: acme/wl-%03u:1\n"
                              "          ports: [{containerPort: 8080}]\n"
                              "          env:\n"
                              "            - {name: LOG_LEVEL, value: info}\n",
                              i % 3 == 0 ? "Deployment" : i % 3 == 1 ? "StatefulSet" : "DaemonSet", i, i, i);
      if (i > 0)
        g_string_append_printf (text, "            - {name: A, value: \"svc-%03u:80\"}\n",
                                import_sample_pick (i, 0));
      if (i > 1)
        g_string_append_printf (text,
                                "            - {name: B, value: \"http://svc-%03u.big.svc.cluster.local/x\"}\n"
                                "            - {name: C, value: \"svc-%03u.big\"}\n",
                                import_sample_pick (i, 1), import_sample_pick (i, 2));
      g_string_append_printf (text,
                              "---\n"
                              "apiVersion: v1\n"
                              "kind: Service\n"
                              "metadata: {name: svc-%03u, namespace: big}\n"
                              "spec: {selector: {app: wl-%03u}}\n",
                              i, i);
    }

  return g_string_free (text, FALSE);
}
