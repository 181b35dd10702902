/* ferry-backend.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-store-types.h"
#include "ferry-types.h"

G_BEGIN_DECLS

/**
 * FerryDeployRequest:
 * @workspace: the workspace
 * @service: the service to deploy
 * @environment: where
 * @version: the full commit id
 * @tag: (nullable): its tag
 * @endpoints: endpoint id → address of its producer in @environment, for
 *   the services @service consumes
 *
 * What a backend is asked to build and run. Borrowed pointers.
 */
typedef struct
{
  FerryWorkspace   *workspace;
  FerryService     *service;
  FerryEnvironment *environment;
  const gchar      *version;
  const gchar      *tag;
  GHashTable       *endpoints;
} FerryDeployRequest;

/* Progress lines a backend reports while it works ("building …"). */
typedef void (*FerryProgressFunc) (const gchar *message,
                                   gpointer     user_data);

#define FERRY_TYPE_BACKEND (ferry_backend_get_type ())

G_DECLARE_INTERFACE (FerryBackend, ferry_backend, FERRY, BACKEND, GObject)

/**
 * FerryBackendInterface:
 * @build: turn the repo at a commit into an artifact
 * @deploy: run the artifact, verify it is healthy, and only then let it
 *   replace what ran before; on failure what ran before keeps running
 * @stop: stop what runs for a service in an environment
 * @observe: what runs for a service in an environment now
 * @get_address: where a running service answers, for its consumers
 *
 * Where an environment runs: the local machine, Kubernetes, a CI system.
 * The engine calls these from worker threads; they may block, and should
 * give up when @cancellable is cancelled. On remote targets the remote
 * system is the source of truth.
 */
struct _FerryBackendInterface
{
  GTypeInterface parent_iface;

  FerryArtifact         *(*build)       (FerryBackend             *self,
                                         const FerryDeployRequest *request,
                                         FerryProgressFunc         progress,
                                         gpointer                  progress_data,
                                         GCancellable             *cancellable,
                                         GError                  **error);
  gboolean               (*deploy)      (FerryBackend             *self,
                                         const FerryDeployRequest *request,
                                         FerryArtifact            *artifact,
                                         gchar                   **url,
                                         FerryProgressFunc         progress,
                                         gpointer                  progress_data,
                                         GCancellable             *cancellable,
                                         GError                  **error);
  gboolean               (*stop)        (FerryBackend             *self,
                                         const gchar              *service,
                                         const gchar              *environment,
                                         GError                  **error);
  FerryDeploymentStatus  (*observe)     (FerryBackend             *self,
                                         const gchar              *service,
                                         const gchar              *environment,
                                         gchar                   **detail);
  gchar                 *(*get_address) (FerryBackend             *self,
                                         const gchar              *service,
                                         const gchar              *environment);
};

FerryArtifact         *ferry_backend_build       (FerryBackend             *self,
                                                  const FerryDeployRequest *request,
                                                  FerryProgressFunc         progress,
                                                  gpointer                  progress_data,
                                                  GCancellable             *cancellable,
                                                  GError                  **error);
gboolean               ferry_backend_deploy      (FerryBackend             *self,
                                                  const FerryDeployRequest *request,
                                                  FerryArtifact            *artifact,
                                                  gchar                   **url,
                                                  FerryProgressFunc         progress,
                                                  gpointer                  progress_data,
                                                  GCancellable             *cancellable,
                                                  GError                  **error);
gboolean               ferry_backend_stop        (FerryBackend             *self,
                                                  const gchar              *service,
                                                  const gchar              *environment,
                                                  GError                  **error);
FerryDeploymentStatus  ferry_backend_observe     (FerryBackend             *self,
                                                  const gchar              *service,
                                                  const gchar              *environment,
                                                  gchar                   **detail);
gchar                 *ferry_backend_get_address (FerryBackend             *self,
                                                  const gchar              *service,
                                                  const gchar              *environment);

G_END_DECLS
