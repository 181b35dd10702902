/* ferry-import-private.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-import.h"
#include "ferry-yaml.h"

G_BEGIN_DECLS

/* What the readers of compose files and Kubernetes manifests make of
 * their input, before it becomes ferry.json: services with what they run
 * and the names of the services they depend on. */

typedef struct
{
  gchar *key;
  gchar *value;     /* NULL: passed through from the environment */
  gchar *where;
} ImportEnv;

typedef struct
{
  gchar    *target;
  gchar    *endpoint_kind; /* NULL for a plain depends_on edge */
  gchar    *where;
  gboolean  declared;      /* depends_on and the like, not derived from an address */
} ImportEdge;

typedef struct
{
  gchar       *name;
  gchar       *where;
  const gchar *origin;     /* "compose" or "kubernetes" */

  gchar       *image;      /* an OCI repository, without tag */
  gchar       *context;    /* a build context: an absolute folder or a git URL */
  gchar       *dockerfile; /* relative to the context */

  gchar      **command;
  gchar       *health;
  GPtrArray   *env;        /* ImportEnv */
  GPtrArray   *edges;      /* ImportEdge */

  gchar       *kube_namespace;
  gint         replicas;   /* -1 when not known */
  guint        port;
} ImportService;

typedef struct
{
  GPtrArray    *services;  /* ImportService, in the order met */
  GHashTable   *by_name;   /* name → ImportService */
  GPtrArray    *report;    /* gchar *, FILE:LINE:COL: warning: … */
  GFile        *workspace_dir;
  GCancellable *cancellable;
  gchar        *name;      /* from the input (compose's `name:`), if any */
  GPtrArray    *namespaces; /* Kubernetes namespaces of workloads, with repeats */
  GPtrArray    *streams;   /* FerryYamlStream: every file read, keeping the nodes alive */
  GFile        *cwd;       /* files are named relative to it */
  gboolean      kubernetes;
} ImportModel;

/* One YAML document of the input, with the file it came from. */
typedef struct
{
  FerryYamlStream *stream;
  FerryYamlNode   *root;
  GFile           *file;
} ImportDocument;

/* An address found in a value: `host`, `host:port` or `scheme://host:port/…`. */
typedef struct
{
  gchar    *scheme;
  gchar    *host;
  gboolean  has_port;
} ImportAddress;

ImportModel   *import_model_new            (GFile                *workspace_dir,
                                            GCancellable         *cancellable);
void           import_model_free           (ImportModel          *model);
FerryYamlStream *import_model_read         (ImportModel          *model,
                                            GFile                *file,
                                            GError              **error);
gchar         *import_model_display_name   (ImportModel          *model,
                                            GFile                *file);
ImportService *import_model_get_service    (ImportModel          *model,
                                            const gchar          *name,
                                            const gchar          *origin,
                                            const gchar          *where);
void           import_model_report         (ImportModel          *model,
                                            const gchar          *where,
                                            const gchar          *severity,
                                            const gchar          *format,
                                            ...) G_GNUC_PRINTF (4, 5);
JsonNode      *import_model_build          (ImportModel          *model,
                                            const gchar          *name,
                                            guint                *n_edges);

void           import_service_add_edge     (ImportService        *service,
                                            const gchar          *target,
                                            const gchar          *endpoint_kind,
                                            const gchar          *where,
                                            gboolean              declared);
GPtrArray     *import_env_list_new         (void);
ImportEnv     *import_env_list_find        (GPtrArray            *env,
                                            const gchar          *key);
void           import_env_list_set         (GPtrArray            *env,
                                            const gchar          *key,
                                            const gchar          *value,
                                            const gchar          *where);

gchar         *import_where                (FerryYamlStream      *stream,
                                            const FerryYamlNode  *node);
gboolean       import_invalid              (GError              **error,
                                            FerryYamlStream      *stream,
                                            const FerryYamlNode  *node,
                                            const gchar          *format,
                                            ...) G_GNUC_PRINTF (4, 5);
gboolean       import_scalar_list          (FerryYamlStream      *stream,
                                            const FerryYamlNode  *node,
                                            const gchar          *what,
                                            GPtrArray           **out,
                                            GError              **error);
gchar         *import_image_repository     (const gchar          *image);
gboolean       import_is_git_url           (const gchar          *context);

GPtrArray     *import_find_addresses       (const gchar          *value);
void           import_address_free         (ImportAddress        *address);
gboolean       import_is_cluster_host      (const gchar          *host);
gboolean       import_looks_internal       (const ImportAddress  *address);
gboolean       import_address_counts       (const ImportAddress  *address,
                                            const gchar          *key);

gboolean       import_compose              (ImportModel          *model,
                                            GPtrArray            *documents,
                                            GError              **error);
gboolean       import_kubernetes           (ImportModel          *model,
                                            GPtrArray            *documents,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportModel, import_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportAddress, import_address_free)

G_END_DECLS
