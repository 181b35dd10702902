/* ferry-import.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FERRY_IMPORT_ERROR (ferry_import_error_quark ())

/**
 * FerryImportError:
 * @FERRY_IMPORT_ERROR_INVALID: a compose file or manifest has the wrong
 *   shape where the import reads it (a list where a mapping belongs, …)
 * @FERRY_IMPORT_ERROR_UNSUPPORTED: the input is of a kind the import does
 *   not read (a Helm chart, a file that is neither a compose file nor a
 *   Kubernetes manifest, …)
 * @FERRY_IMPORT_ERROR_NO_SERVICES: the input holds no service at all
 *
 * Errors of the import, besides those of reading the files (#GIOErrorEnum)
 * and of their YAML (#FerryYamlError). Their messages are located:
 * `FILE:LINE:COL: error: ...`.
 */
typedef enum
{
  FERRY_IMPORT_ERROR_INVALID,
  FERRY_IMPORT_ERROR_UNSUPPORTED,
  FERRY_IMPORT_ERROR_NO_SERVICES,
} FerryImportError;

#define FERRY_TYPE_IMPORT (ferry_import_get_type ())

G_DECLARE_FINAL_TYPE (FerryImport, ferry_import, FERRY, IMPORT, GObject)

GQuark               ferry_import_error_quark           (void);

FerryImport         *ferry_import_new                   (void);
void                 ferry_import_add_file              (FerryImport          *self,
                                                         GFile                *file);
void                 ferry_import_set_name              (FerryImport          *self,
                                                         const gchar          *name);
void                 ferry_import_set_workspace_dir     (FerryImport          *self,
                                                         GFile                *dir);
JsonNode            *ferry_import_run                   (FerryImport          *self,
                                                         GCancellable         *cancellable,
                                                         GError              **error);
void                 ferry_import_run_async             (FerryImport          *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
JsonNode            *ferry_import_run_finish            (FerryImport          *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
const gchar * const *ferry_import_get_report            (FerryImport          *self);
guint                ferry_import_get_n_services        (FerryImport          *self);
guint                ferry_import_get_n_dependencies    (FerryImport          *self);

G_END_DECLS
