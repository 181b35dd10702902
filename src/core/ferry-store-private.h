/* ferry-store-private.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "ferry-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Work done inside one transaction, with the store's lock held. It may
 * run more than once (when the database was busy, the transaction is
 * rolled back and retried), so it must set its outputs afresh each time.
 */
typedef gboolean (*FerryStoreTxnFunc) (FerryStore  *self,
                                       gpointer     data,
                                       GError     **error);

gboolean      _ferry_store_read             (FerryStore         *self,
                                             FerryStoreTxnFunc   func,
                                             gpointer            data,
                                             GError            **error);
gboolean      _ferry_store_write            (FerryStore         *self,
                                             FerryStoreTxnFunc   func,
                                             gpointer            data,
                                             GError            **error);

/* Statements. @types has one letter per `?` of @sql, followed by one
 * argument each: 's' a nullable string, 'i' a #gint64, 'n' a #gint64
 * bound as NULL when 0 (optional references), 'd' an int, 't' a nullable
 * #GDateTime (stored as UTC ISO 8601 text with microseconds).
 */
sqlite3_stmt *_ferry_store_prepare          (FerryStore         *self,
                                             GError            **error,
                                             const gchar        *sql,
                                             const gchar        *types,
                                             ...);
gint          _ferry_store_step             (FerryStore         *self,
                                             sqlite3_stmt       *stmt,
                                             GError            **error);
gboolean      _ferry_store_exec             (FerryStore         *self,
                                             GError            **error,
                                             const gchar        *sql,
                                             const gchar        *types,
                                             ...);
/* Reads rows in a read transaction (or in the caller's transaction). */
typedef gpointer (*FerryStoreRowFunc) (sqlite3_stmt *stmt);

GPtrArray    *_ferry_store_query            (FerryStore         *self,
                                             FerryStoreRowFunc   row_func,
                                             GDestroyNotify      free_func,
                                             GError            **error,
                                             const gchar        *sql,
                                             const gchar        *types,
                                             ...);
gpointer      _ferry_store_query_one        (FerryStore         *self,
                                             FerryStoreRowFunc   row_func,
                                             GDestroyNotify      free_func,
                                             GError            **error,
                                             const gchar        *sql,
                                             const gchar        *types,
                                             ...);
gpointer      _ferry_store_get_by_id        (FerryStore         *self,
                                             FerryStoreRowFunc   row_func,
                                             GDestroyNotify      free_func,
                                             const gchar        *what,
                                             const gchar        *sql,
                                             gint64              id,
                                             GError            **error);
gint          _ferry_store_changes          (FerryStore         *self);
gint64        _ferry_store_last_insert_id   (FerryStore         *self);

gchar        *_ferry_store_column_string    (sqlite3_stmt       *stmt,
                                             gint                column);
GDateTime    *_ferry_store_column_time      (sqlite3_stmt       *stmt,
                                             gint                column);
gchar        *_ferry_store_format_time      (GDateTime          *time);
gchar        *_ferry_store_describe_time    (GDateTime          *time);

/* The process this store acts for, and whether another one is alive. */
void          _ferry_store_get_owner        (FerryStore         *self,
                                             GPid               *pid,
                                             guint64            *start_time,
                                             const gchar       **host);
gboolean      _ferry_store_owner_is_alive   (FerryStore         *self,
                                             const gchar        *host,
                                             GPid                pid,
                                             guint64             start_time);

void          _ferry_store_run_tagged_async (FerryStore         *self,
                                             gpointer            source_tag,
                                             FerryStoreFunc      func,
                                             gpointer            data,
                                             GDestroyNotify      data_free,
                                             GDestroyNotify      result_free,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gpointer      _ferry_store_run_tagged_finish (FerryStore        *self,
                                              GAsyncResult      *result,
                                              gpointer           source_tag,
                                              GError           **error);

/* The schema: migrations[i] takes a database from version i to i + 1. */
const gchar * const *_ferry_store_get_migrations (guint *n_migrations);

G_END_DECLS
