/* ferry-demo-log.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-demo-service"

#include "config.h"

#include <stdio.h>

#include "ferry-demo-log.h"

static gchar *log_service;

/* Names the service in every log line. */
void
ferry_demo_log_set_service (const gchar *service)
{
  g_free (log_service);
  log_service = g_strdup (service);
}

/* Writes one line to stderr: an UTC timestamp, the service, the message.
 * Messages never hold newlines, so one event is one line. */
void
ferry_demo_log (const gchar *format,
                ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree gchar *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "%s.%03dZ %s: %s\n", stamp,
           g_date_time_get_microsecond (now) / 1000,
           log_service ? log_service : "ferry-demo-service",
           message);
  fflush (stderr);
}

/* Whether an environment variable of this name may hold a secret, whose
 * value must never be written anywhere. */
gboolean
ferry_demo_is_secret_name (const gchar *name)
{
  static const gchar *words[] = { "TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL" };
  g_autofree gchar *upper = g_ascii_strup (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (upper, words[i]) != NULL)
      return TRUE;

  return FALSE;
}

/* The URL without its password (user:secret@ becomes user:***@), to be
 * shown in logs and on the status page. */
gchar *
ferry_demo_redact_url (const gchar *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) shown = NULL;

  if (uri == NULL)
    return g_strdup ("(invalid URL)");
  if (g_uri_get_password (uri) == NULL && g_uri_get_userinfo (uri) == NULL)
    return g_strdup (url);

  shown = g_uri_build_with_user (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
                                 g_uri_get_scheme (uri),
                                 g_uri_get_user (uri),
                                 g_uri_get_password (uri) ? "***" : NULL,
                                 NULL,
                                 g_uri_get_host (uri),
                                 g_uri_get_port (uri),
                                 g_uri_get_path (uri),
                                 g_uri_get_query (uri),
                                 g_uri_get_fragment (uri));

  return g_uri_to_string (shown);
}
