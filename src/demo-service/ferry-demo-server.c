/* ferry-demo-server.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-demo-service"

#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ferry-demo-log.h"
#include "ferry-demo-server.h"

/* The HTTP side of ferry-demo-service: /healthz, /metrics (Prometheus
 * text format 0.0.4), a JSON status page at /, small JSON answers under
 * /api/, and a timer that calls /api/ping on every upstream so that
 * traffic flows along the dependency graph. */

typedef struct
{
  gchar   *endpoint;     /* "http:cart" */
  gchar   *shown_url;    /* for logs and the status page: no secrets */
  GUri    *ping_uri;
  gchar   *last_result;  /* "ok", "error", "unreachable"; NULL before the first call */
  gchar   *last_error;
  guint64  ok;
  guint64  failed;
  guint64  unreachable;
  guint    last_status;
  gboolean in_flight;
} Upstream;

struct _FerryDemoServer
{
  GObject       parent_instance;

  /* owned */
  SoupServer   *server;
  SoupSession  *session;
  GCancellable *cancellable;
  GPtrArray    *upstreams;      /* Upstream */
  GHashTable   *requests;       /* "path\x1fcode" → guint64 * */
  GHashTable   *api_paths;      /* the /api/ paths given their own label */
  gchar        *service;
  gchar        *version;
  gchar        *environment;
  gchar        *forced_failure;

  gdouble       start_time;     /* seconds since the epoch */
  gint64        start_monotonic;
  gdouble       ping_interval;  /* seconds */
  guint         ping_source;
  guint64       request_bytes;
  guint64       response_bytes;
  gint          last_health;    /* -1 unknown, 0 failing, 1 ok */
};

G_DEFINE_FINAL_TYPE (FerryDemoServer, ferry_demo_server, G_TYPE_OBJECT)

#define MAX_API_PATHS 32
#define DATE_HEADER_SIZE 37  /* "Date: Thu, 01 Jan 2026 00:00:00 GMT\r\n" */

static void schedule_ping (FerryDemoServer *self);

static void
upstream_free (gpointer data)
{
  Upstream *up = data;

  g_free (up->endpoint);
  g_free (up->shown_url);
  g_clear_pointer (&up->ping_uri, g_uri_unref);
  g_free (up->last_result);
  g_free (up->last_error);
  g_free (up);
}

static void
ferry_demo_server_dispose (GObject *object)
{
  FerryDemoServer *self = (FerryDemoServer *)object;

  ferry_demo_server_stop (self);
  g_clear_object (&self->server);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ferry_demo_server_parent_class)->dispose (object);
}

static void
ferry_demo_server_finalize (GObject *object)
{
  FerryDemoServer *self = (FerryDemoServer *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->upstreams, g_ptr_array_unref);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->api_paths, g_hash_table_unref);
  g_free (self->service);
  g_free (self->version);
  g_free (self->environment);
  g_free (self->forced_failure);

  G_OBJECT_CLASS (ferry_demo_server_parent_class)->finalize (object);
}

static void
ferry_demo_server_class_init (FerryDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_demo_server_dispose;
  object_class->finalize = ferry_demo_server_finalize;
}

static void
ferry_demo_server_init (FerryDemoServer *self)
{
  self->cancellable = g_cancellable_new ();
  self->upstreams = g_ptr_array_new_with_free_func (upstream_free);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->api_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ping_interval = 1.5;
  self->last_health = -1;
  self->start_time = g_get_real_time () / (gdouble)G_USEC_PER_SEC;
  self->start_monotonic = g_get_monotonic_time ();
}

FerryDemoServer *
ferry_demo_server_new (const gchar *service,
                       const gchar *version,
                       const gchar *environment)
{
  FerryDemoServer *self;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (version != NULL, NULL);
  g_return_val_if_fail (environment != NULL, NULL);

  self = g_object_new (FERRY_TYPE_DEMO_SERVER, NULL);
  self->service = g_strdup (service);
  self->version = g_strdup (version);
  self->environment = g_strdup (environment);
  self->server = soup_server_new ("server-header", "ferry-demo-service/" PACKAGE_VERSION " ", NULL);
  /* Upstreams are local services: no proxy. */
  self->session = soup_session_new_with_options ("timeout", 5,
                                                 "user-agent", "ferry-demo-service/" PACKAGE_VERSION,
                                                 "proxy-resolver", NULL,
                                                 NULL);

  return self;
}

/* Adds a service this one consumes, called on @url + /api/ping. With
 * @secret, the URL is never shown. */
gboolean
ferry_demo_server_add_upstream (FerryDemoServer  *self,
                                const gchar      *endpoint,
                                const gchar      *url,
                                gboolean          secret,
                                GError          **error)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree gchar *base_path = NULL;
  g_autofree gchar *ping_path = NULL;
  const gchar *scheme;
  Upstream *up;

  g_return_val_if_fail (FERRY_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (endpoint != NULL, FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  base = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, &local_error);
  scheme = base != NULL ? g_uri_get_scheme (base) : NULL;
  if (base == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (base) == NULL || *g_uri_get_host (base) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the upstream of %s is not an http:// or https:// URL%s%s",
                   endpoint,
                   secret ? "" : ": ",
                   secret ? "" : url);
      return FALSE;
    }

  /* http://host:port/prefix/ → http://host:port/prefix/api/ping */
  base_path = g_strdup (g_uri_get_path (base));
  while (*base_path != '\0' && base_path[strlen (base_path) - 1] == '/')
    base_path[strlen (base_path) - 1] = '\0';
  ping_path = g_strconcat (base_path, "/api/ping", NULL);

  up = g_new0 (Upstream, 1);
  up->endpoint = g_strdup (endpoint);
  up->shown_url = secret ? g_strdup ("(hidden)") : ferry_demo_redact_url (url);
  up->ping_uri = g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL,
                              g_uri_get_host (base), g_uri_get_port (base),
                              ping_path, NULL, NULL);
  g_ptr_array_add (self->upstreams, up);

  return TRUE;
}

void
ferry_demo_server_set_ping_interval (FerryDemoServer *self,
                                     gdouble          seconds)
{
  g_return_if_fail (FERRY_IS_DEMO_SERVER (self));
  g_return_if_fail (seconds > 0);

  self->ping_interval = seconds;
}

/* Makes /healthz fail with @reason (FERRY_DEMO_FAIL=health), or not. */
void
ferry_demo_server_set_forced_failure (FerryDemoServer *self,
                                      const gchar     *reason)
{
  g_return_if_fail (FERRY_IS_DEMO_SERVER (self));

  g_free (self->forced_failure);
  self->forced_failure = g_strdup (reason);
}

/* Health */

/* A version is made to fail by a FAIL_HEALTH file in its artifact folder
 * (the working directory); its first line, if any, is the reason. */
static gchar *
get_health_failure (FerryDemoServer *self)
{
  gchar line[256] = { 0 };
  FILE *file;

  if (self->forced_failure != NULL)
    return g_strdup (self->forced_failure);

  if (!g_file_test ("FAIL_HEALTH", G_FILE_TEST_EXISTS))
    return NULL;

  file = fopen ("FAIL_HEALTH", "re");
  if (file != NULL)
    {
      if (fgets (line, sizeof line, file) == NULL)
        line[0] = '\0';
      fclose (file);
    }
  g_strstrip (line);

  if (line[0] == '\0' || !g_utf8_validate (line, -1, NULL))
    return g_strdup ("FAIL_HEALTH file present");

  return g_strdup_printf ("FAIL_HEALTH: %s", line);
}

static void
set_text (SoupServerMessage *msg,
          guint              status,
          const gchar       *content_type,
          gchar             *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  set_text (msg, status, "application/json", json_to_string (root, FALSE));
}

static guint
handle_health (FerryDemoServer   *self,
               SoupServerMessage *msg)
{
  g_autofree gchar *failure = get_health_failure (self);
  gint healthy = failure == NULL;

  if (healthy != self->last_health)
    {
      if (healthy)
        ferry_demo_log ("health: ok");
      else
        ferry_demo_log ("health: failing (%s)", failure);
      self->last_health = healthy;
    }

  if (healthy)
    set_text (msg, SOUP_STATUS_OK, "text/plain", g_strdup ("ok\n"));
  else
    set_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/plain",
              g_strdup_printf ("failing: %s\n", failure));

  return soup_server_message_get_status (msg);
}

/* Metrics */

static void
append_escaped_label (GString     *out,
                      const gchar *value)
{
  for (const gchar *p = value; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '"')
        g_string_append (out, "\\\"");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_family (GString     *out,
               const gchar *name,
               const gchar *type,
               const gchar *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
append_double (GString     *out,
               const gchar *name,
               gdouble      value)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "%s %s\n", name, g_ascii_formatd (buf, sizeof buf, "%.15g", value));
}

static gdouble
cpu_seconds (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0.0;

  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gdouble
resident_bytes (void)
{
  gchar buf[128] = { 0 };
  unsigned long size = 0, resident = 0;
  FILE *file = fopen ("/proc/self/statm", "re");

  if (file == NULL)
    return 0.0;
  if (fgets (buf, sizeof buf, file) == NULL || sscanf (buf, "%lu %lu", &size, &resident) != 2)
    resident = 0;
  fclose (file);

  return (gdouble)resident * sysconf (_SC_PAGESIZE);
}

static guint
open_fds (void)
{
  DIR *dir = opendir ("/proc/self/fd");
  struct dirent *entry;
  guint n = 0;

  if (dir == NULL)
    return 0;
  while ((entry = readdir (dir)) != NULL)
    if (entry->d_name[0] != '.')
      n++;
  closedir (dir);

  /* Not counting the directory being read. */
  return n > 0 ? n - 1 : 0;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const gchar * const *)a, *(const gchar * const *)b);
}

static gchar *
render_metrics (FerryDemoServer *self)
{
  GString *out = g_string_new (NULL);
  g_autofree const gchar **keys = NULL;
  g_autofree gchar *failure = get_health_failure (self);
  guint n_keys = 0;

  append_family (out, "process_cpu_seconds_total", "counter",
                 "Total user and system CPU time spent in seconds.");
  append_double (out, "process_cpu_seconds_total", cpu_seconds ());
  append_family (out, "process_resident_memory_bytes", "gauge",
                 "Resident memory size in bytes.");
  append_double (out, "process_resident_memory_bytes", resident_bytes ());
  append_family (out, "process_start_time_seconds", "gauge",
                 "Start time of the process since unix epoch in seconds.");
  append_double (out, "process_start_time_seconds", self->start_time);
  append_family (out, "process_open_fds", "gauge", "Number of open file descriptors.");
  append_double (out, "process_open_fds", open_fds ());

  append_family (out, "ferry_demo_info", "gauge",
                 "The identity of this demo service; the value is always 1.");
  g_string_append (out, "ferry_demo_info{service=\"");
  append_escaped_label (out, self->service);
  g_string_append (out, "\",version=\"");
  append_escaped_label (out, self->version);
  g_string_append (out, "\",env=\"");
  append_escaped_label (out, self->environment);
  g_string_append (out, "\"} 1\n");

  append_family (out, "ferry_demo_healthy", "gauge",
                 "1 when /healthz answers 200, 0 when it answers 503.");
  append_double (out, "ferry_demo_healthy", failure == NULL ? 1 : 0);

  append_family (out, "ferry_demo_requests_total", "counter",
                 "HTTP requests served, by path and status code.");
  keys = (const gchar **)g_hash_table_get_keys_as_array (self->requests, &n_keys);
  qsort (keys, n_keys, sizeof (gchar *), compare_strings);
  for (guint i = 0; i < n_keys; i++)
    {
      const guint64 *count = g_hash_table_lookup (self->requests, keys[i]);
      const gchar *sep = strchr (keys[i], '\x1f');
      g_autofree gchar *path = g_strndup (keys[i], sep - keys[i]);

      g_string_append (out, "ferry_demo_requests_total{path=\"");
      append_escaped_label (out, path);
      g_string_append_printf (out, "\",code=\"%s\"} %" G_GUINT64_FORMAT "\n", sep + 1, *count);
    }

  append_family (out, "ferry_demo_request_bytes_total", "counter",
                 "Bytes of HTTP requests received (network receive).");
  g_string_append_printf (out, "ferry_demo_request_bytes_total %" G_GUINT64_FORMAT "\n",
                          self->request_bytes);
  append_family (out, "ferry_demo_response_bytes_total", "counter",
                 "Bytes of HTTP responses sent (network transmit).");
  g_string_append_printf (out, "ferry_demo_response_bytes_total %" G_GUINT64_FORMAT "\n",
                          self->response_bytes);

  append_family (out, "ferry_demo_upstream_requests_total", "counter",
                 "Calls to the services this one consumes, by endpoint and result.");
  for (guint i = 0; i < self->upstreams->len; i++)
    {
      const Upstream *up = g_ptr_array_index (self->upstreams, i);
      const struct { const gchar *result; guint64 count; } rows[] = {
        { "ok", up->ok }, { "error", up->failed }, { "unreachable", up->unreachable },
      };

      for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
        {
          g_string_append (out, "ferry_demo_upstream_requests_total{endpoint=\"");
          append_escaped_label (out, up->endpoint);
          g_string_append_printf (out, "\",result=\"%s\"} %" G_GUINT64_FORMAT "\n",
                                  rows[r].result, rows[r].count);
        }
    }

  return g_string_free (out, FALSE);
}

/* Status page and API */

static void
add_nullable_string (JsonBuilder *builder,
                     const gchar *name,
                     const gchar *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_identity (FerryDemoServer *self,
              JsonBuilder     *builder)
{
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, self->service);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, self->version);
  json_builder_set_member_name (builder, "env");
  json_builder_add_string_value (builder, self->environment);
}

static void
handle_index (FerryDemoServer   *self,
              SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree gchar *failure = get_health_failure (self);

  json_builder_begin_object (builder);
  add_identity (self, builder);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, getpid ());
  json_builder_set_member_name (builder, "uptime_seconds");
  json_builder_add_int_value (builder, (g_get_monotonic_time () - self->start_monotonic) / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "healthy");
  json_builder_add_boolean_value (builder, failure == NULL);
  json_builder_set_member_name (builder, "upstreams");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->upstreams->len; i++)
    {
      const Upstream *up = g_ptr_array_index (self->upstreams, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "endpoint");
      json_builder_add_string_value (builder, up->endpoint);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, up->shown_url);
      add_nullable_string (builder, "last_result", up->last_result);
      json_builder_set_member_name (builder, "last_status");
      json_builder_add_int_value (builder, up->last_status);
      add_nullable_string (builder, "last_error", up->last_error);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_int_value (builder, up->ok);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, up->failed + up->unreachable);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  set_json (msg, SOUP_STATUS_OK, builder);
}

static void
handle_api (FerryDemoServer   *self,
            SoupServerMessage *msg,
            const gchar       *path)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_identity (self, builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, g_utf8_validate (path, -1, NULL) ? path : "?");
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  set_json (msg, SOUP_STATUS_OK, builder);
}

static void
handle_not_found (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, "not found: try /, /healthz, /metrics or /api/...");
  json_builder_end_object (builder);

  set_json (msg, SOUP_STATUS_NOT_FOUND, builder);
}

/* Accounting */

static void
add_header_size (const char *name,
                 const char *value,
                 gpointer    user_data)
{
  guint64 *size = user_data;

  *size += strlen (name) + 2 + strlen (value) + 2;
}

/* The size of the request and of the response on the wire (HTTP/1.1
 * framing; headers libsoup adds when writing are estimated). */
static void
count_bytes (FerryDemoServer   *self,
             SoupServerMessage *msg)
{
  SoupMessageHeaders *headers;
  GUri *uri = soup_server_message_get_uri (msg);
  const gchar *reason;
  guint64 request = 0, response = 0;
  goffset body;

  request += strlen (soup_server_message_get_method (msg)) + 1;
  request += strlen (g_uri_get_path (uri)) + 1;
  if (g_uri_get_query (uri) != NULL)
    request += strlen (g_uri_get_query (uri)) + 1;
  request += strlen ("HTTP/1.1\r\n");
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), add_header_size, &request);
  request += 2 + soup_server_message_get_request_body (msg)->length;

  reason = soup_server_message_get_reason_phrase (msg);
  response += strlen ("HTTP/1.1 200 \r\n") + (reason ? strlen (reason) : 0);
  headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_foreach (headers, add_header_size, &response);
  body = soup_server_message_get_response_body (msg)->length;
  if (soup_message_headers_get_one (headers, "Content-Length") == NULL)
    {
      g_autofree gchar *line = g_strdup_printf ("Content-Length: %" G_GOFFSET_FORMAT "\r\n", body);

      response += strlen (line);
    }
  response += DATE_HEADER_SIZE + 2 + body;

  self->request_bytes += request;
  self->response_bytes += response;
}

static const gchar *
path_label (FerryDemoServer *self,
            const gchar     *path)
{
  if (g_str_equal (path, "/") || g_str_equal (path, "/healthz") || g_str_equal (path, "/metrics"))
    return path;

  if (g_str_has_prefix (path, "/api/") && g_utf8_validate (path, -1, NULL))
    {
      /* Each /api/ path its own series, up to a bound. */
      if (g_hash_table_contains (self->api_paths, path))
        return path;
      if (g_hash_table_size (self->api_paths) < MAX_API_PATHS)
        {
          g_hash_table_add (self->api_paths, g_strdup (path));
          return path;
        }
      return "/api/other";
    }

  return "other";
}

static void
count_request (FerryDemoServer   *self,
               SoupServerMessage *msg,
               const gchar       *path)
{
  g_autofree gchar *key = NULL;
  guint64 *count;

  key = g_strdup_printf ("%s\x1f%u", path_label (self, path), soup_server_message_get_status (msg));
  count = g_hash_table_lookup (self->requests, key);
  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (self->requests, g_steal_pointer (&key), count);
    }
  (*count)++;

  count_bytes (self, msg);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FerryDemoServer *self = user_data;
  const gchar *method = soup_server_message_get_method (msg);
  gboolean read_only = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  gboolean quiet = FALSE;

  if (g_str_equal (path, "/api/ping"))
    {
      handle_api (self, msg, path);
      quiet = TRUE;
    }
  else if (g_str_has_prefix (path, "/api/"))
    handle_api (self, msg, path);
  else if (!read_only && (g_str_equal (path, "/healthz") || g_str_equal (path, "/metrics") || g_str_equal (path, "/")))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
    }
  else if (g_str_equal (path, "/healthz"))
    quiet = handle_health (self, msg) == SOUP_STATUS_OK;
  else if (g_str_equal (path, "/metrics"))
    {
      set_text (msg, SOUP_STATUS_OK, "text/plain; version=0.0.4; charset=utf-8", render_metrics (self));
      quiet = TRUE;
    }
  else if (g_str_equal (path, "/"))
    handle_index (self, msg);
  else
    handle_not_found (msg);

  count_request (self, msg, path);

  if (!quiet)
    ferry_demo_log ("%s %s %u", method,
                    g_utf8_validate (path, -1, NULL) ? path : "(invalid path)",
                    soup_server_message_get_status (msg));
}

/* Upstream calls */

typedef struct
{
  FerryDemoServer *self;
  Upstream        *up;
  SoupMessage     *msg;
} Ping;

static void
ping_free (Ping *ping)
{
  g_clear_object (&ping->self);
  g_clear_object (&ping->msg);
  g_free (ping);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ping, ping_free)

static void
record_result (Upstream    *up,
               const gchar *result,
               guint        status,
               const gchar *error_message)
{
  gboolean changed = g_strcmp0 (up->last_result, result) != 0;

  g_free (up->last_result);
  up->last_result = g_strdup (result);
  up->last_status = status;
  g_free (up->last_error);
  up->last_error = g_strdup (error_message);

  if (!changed)
    return;

  if (g_str_equal (result, "ok"))
    ferry_demo_log ("upstream %s is reachable (%u)", up->endpoint, status);
  else if (status != 0)
    ferry_demo_log ("upstream %s answers %u %s", up->endpoint, status, error_message ? error_message : "");
  else
    ferry_demo_log ("upstream %s is unreachable: %s", up->endpoint, error_message);
}

static void
on_ping_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Ping) ping = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Upstream *up = ping->up;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  up->in_flight = FALSE;

  if (body == NULL)
    {
      up->unreachable++;
      record_result (up, "unreachable", 0, error->message);
      return;
    }

  status = soup_message_get_status (ping->msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      up->ok++;
      record_result (up, "ok", status, NULL);
    }
  else
    {
      up->failed++;
      record_result (up, "error", status, soup_message_get_reason_phrase (ping->msg));
    }
}

static void
ping_upstreams (FerryDemoServer *self)
{
  for (guint i = 0; i < self->upstreams->len; i++)
    {
      Upstream *up = g_ptr_array_index (self->upstreams, i);
      Ping *ping;

      /* A slow upstream is not called again before it answered. */
      if (up->in_flight)
        continue;

      ping = g_new0 (Ping, 1);
      ping->self = g_object_ref (self);
      ping->up = up;
      ping->msg = soup_message_new_from_uri ("GET", up->ping_uri);
      soup_message_headers_replace (soup_message_get_request_headers (ping->msg),
                                    "X-Ferry-Caller", self->service);
      up->in_flight = TRUE;
      soup_session_send_and_read_async (self->session, ping->msg, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_ping_done, ping);
    }
}

static gboolean
on_ping_timer (gpointer user_data)
{
  FerryDemoServer *self = user_data;

  self->ping_source = 0;
  ping_upstreams (self);
  schedule_ping (self);

  return G_SOURCE_REMOVE;
}

/* The next round in interval × [2/3, 4/3]: 1 to 2 seconds by default, so
 * that services started together do not call in lockstep. */
static void
schedule_ping (FerryDemoServer *self)
{
  gdouble delay = self->ping_interval * g_random_double_range (2.0 / 3.0, 4.0 / 3.0);

  if (self->upstreams->len == 0 || g_cancellable_is_cancelled (self->cancellable))
    return;

  self->ping_source = g_timeout_add (MAX (1, (guint)(delay * 1000)), on_ping_timer, self);
}

/* Listens on 127.0.0.1:@port (0 picks a free port) and starts calling the
 * upstreams. Returns the port listened on, 0 on error. */
guint
ferry_demo_server_listen (FerryDemoServer  *self,
                          guint             port,
                          GError          **error)
{
  g_autoslist(GUri) uris = NULL;
  guint bound;

  g_return_val_if_fail (FERRY_IS_DEMO_SERVER (self), 0);
  g_return_val_if_fail (port <= G_MAXUINT16, 0);

  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);

  if (!soup_server_listen_local (self->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return 0;

  uris = soup_server_get_uris (self->server);
  bound = uris != NULL ? (guint)g_uri_get_port (uris->data) : 0;
  if (bound == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the server has no port");
      return 0;
    }

  schedule_ping (self);

  return bound;
}

/* Stops listening and calling upstreams; calls under way are cancelled. */
void
ferry_demo_server_stop (FerryDemoServer *self)
{
  g_return_if_fail (FERRY_IS_DEMO_SERVER (self));

  g_clear_handle_id (&self->ping_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
}
