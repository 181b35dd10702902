/* ferry-backend.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-backend"

#include "config.h"

#include "ferry-backend.h"

G_DEFINE_INTERFACE (FerryBackend, ferry_backend, G_TYPE_OBJECT)

static void
ferry_backend_default_init (FerryBackendInterface *iface)
{
}

/**
 * ferry_backend_build:
 * @self: a #FerryBackend
 * @request: what to build
 * @progress: (scope call) (nullable): told what happens
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the artifact
 */
FerryArtifact *
ferry_backend_build (FerryBackend             *self,
                     const FerryDeployRequest *request,
                     FerryProgressFunc         progress,
                     gpointer                  progress_data,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  g_return_val_if_fail (FERRY_IS_BACKEND (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  return FERRY_BACKEND_GET_IFACE (self)->build (self, request, progress, progress_data, cancellable, error);
}

/**
 * ferry_backend_deploy:
 * @self: a #FerryBackend
 * @request: what to deploy
 * @artifact: its artifact, from ferry_backend_build()
 * @url: (out) (optional) (transfer full): where it answers
 * @progress: (scope call) (nullable): told what happens
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the new version runs and is healthy
 */
gboolean
ferry_backend_deploy (FerryBackend             *self,
                      const FerryDeployRequest *request,
                      FerryArtifact            *artifact,
                      gchar                   **url,
                      FerryProgressFunc         progress,
                      gpointer                  progress_data,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  g_return_val_if_fail (FERRY_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  return FERRY_BACKEND_GET_IFACE (self)->deploy (self, request, artifact, url, progress, progress_data,
                                                 cancellable, error);
}

gboolean
ferry_backend_stop (FerryBackend  *self,
                    const gchar   *service,
                    const gchar   *environment,
                    GError       **error)
{
  g_return_val_if_fail (FERRY_IS_BACKEND (self), FALSE);

  return FERRY_BACKEND_GET_IFACE (self)->stop (self, service, environment, error);
}

/**
 * ferry_backend_observe:
 * @self: a #FerryBackend
 * @service: a service name
 * @environment: an environment name
 * @detail: (out) (optional) (transfer full): why, in words
 *
 * Returns: what runs now: healthy, degraded, failed, stopped or
 *   not-deployed
 */
FerryDeploymentStatus
ferry_backend_observe (FerryBackend  *self,
                       const gchar   *service,
                       const gchar   *environment,
                       gchar        **detail)
{
  g_return_val_if_fail (FERRY_IS_BACKEND (self), FERRY_DEPLOYMENT_STATUS_NOT_DEPLOYED);

  return FERRY_BACKEND_GET_IFACE (self)->observe (self, service, environment, detail);
}

/**
 * ferry_backend_get_address:
 * @self: a #FerryBackend
 * @service: a service name
 * @environment: an environment name
 *
 * Returns: (transfer full) (nullable): its base URL, such as
 *   `http://127.0.0.1:8101`, while it runs
 */
gchar *
ferry_backend_get_address (FerryBackend *self,
                           const gchar  *service,
                           const gchar  *environment)
{
  g_return_val_if_fail (FERRY_IS_BACKEND (self), NULL);

  return FERRY_BACKEND_GET_IFACE (self)->get_address (self, service, environment);
}
