/* ferry-model-private.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-approval-policy.h"
#include "ferry-build.h"
#include "ferry-diagnostic.h"
#include "ferry-endpoint.h"
#include "ferry-environment.h"
#include "ferry-freeze-window.h"
#include "ferry-repo.h"
#include "ferry-service.h"
#include "ferry-target.h"
#include "ferry-team.h"
#include "ferry-workspace.h"

G_BEGIN_DECLS

/* The loader builds the model through these structures; once loaded, the
 * model is read-only and reached through the public getters. Pointers to
 * parents and peers are borrowed: the workspace owns every object. */

typedef struct
{
  gchar *file;
  guint  line;
  guint  column;
} FerryLocation;

struct _FerryTeam
{
  GObject   parent_instance;
  gchar    *name;
  GStrv     members;
};

struct _FerryTarget
{
  GObject          parent_instance;
  gchar           *name;
  FerryTargetKind  kind;
  GHashTable      *settings;     /* key → string */
};

struct _FerryApprovalPolicy
{
  GObject   parent_instance;
  guint     required;
  GStrv     approvers;
  guint     self_approval : 1;
};

struct _FerryFreezeWindow
{
  GObject    parent_instance;
  GDateTime *from;
  GDateTime *until;
  gchar     *reason;
};

struct _FerryEnvironment
{
  GObject              parent_instance;
  gchar               *name;
  guint                index;
  FerryTarget         *target;
  FerryEnvironment    *from;           /* borrowed */
  FerryApprovalPolicy *approval;
  GPtrArray           *freezes;        /* FerryFreezeWindow */
  JsonNode            *metrics;        /* nullable: its metric source's configuration */
};

struct _FerryRepo
{
  GObject         parent_instance;
  gchar          *name;
  gchar          *url;
  gchar          *branch;
  gchar          *path;                /* resolved local path, if any */
  FerryTeam      *team;                /* borrowed */
  GPtrArray      *builds;              /* FerryBuild */
  FerryLocation   url_location;

  /* Filled by ferry_workspace_inspect_repos() */
  FerryRepoState  state;
  gchar          *head;                /* commit id of the branch head */
  GHashTable     *tags;                /* commit id → tag name */
};

struct _FerryBuild
{
  GObject    parent_instance;
  gchar     *name;
  FerryRepo *repo;                     /* borrowed */
  GStrv      command;
  gchar     *artifact;
  gchar     *image;
  GPtrArray *services;                 /* FerryService */
};

typedef struct
{
  gint        replicas;                /* -1 when unset */
  GHashTable *env;                     /* nullable */
} FerryServiceOverride;

struct _FerryService
{
  GObject        parent_instance;
  gchar         *name;
  gchar         *description;
  FerryBuild    *build;                /* borrowed */
  GPtrArray     *produces;             /* FerryEndpoint, borrowed */
  GPtrArray     *consumes;             /* FerryEndpoint, borrowed */
  GPtrArray     *explicit_depends_on;  /* gchar* names as written */
  GPtrArray     *dependencies;         /* FerryService, borrowed: every resolved edge */
  GPtrArray     *dependents;           /* FerryService, borrowed */
  GStrv          run_command;
  guint          port;
  gchar         *health;
  GHashTable    *run_env;              /* nullable */
  GHashTable    *overrides;            /* environment name → FerryServiceOverride */
  FerryLocation  location;
  gchar         *json_path;
  guint          layer;
  guint          index;                /* position in the workspace's stable order */
};

struct _FerryEndpoint
{
  GObject       parent_instance;
  gchar        *id;                    /* kind:name */
  gchar        *kind;
  gchar        *name;
  FerryService *producer;              /* borrowed, nullable: external */
  GPtrArray    *consumers;             /* FerryService, borrowed */
};

struct _FerryWorkspace
{
  GObject           parent_instance;
  gchar            *name;
  gchar            *description;
  gchar            *manifest;          /* the ferry.json path as reported */
  gchar            *directory;         /* folder relative repo urls resolve against */
  gchar            *source;            /* what was asked to be opened */
  gchar            *ref;               /* the git ref read, if any */
  GListStore       *services;          /* stable order: layer, repo, name */
  GListStore       *environments;      /* file order */
  GPtrArray        *teams;
  GPtrArray        *targets;
  GPtrArray        *repos;
  GHashTable       *services_by_name;
  GHashTable       *environments_by_name;
  GHashTable       *teams_by_name;
  GHashTable       *targets_by_name;
  GHashTable       *repos_by_name;
  GHashTable       *endpoints;         /* id → FerryEndpoint (owned) */
  GPtrArray        *layers;            /* GPtrArray of FerryService per layer */
  FerryDiagnostics *diagnostics;
};

void ferry_service_override_free (FerryServiceOverride *override);

G_END_DECLS

G_BEGIN_DECLS

void _ferry_workspace_build (FerryWorkspace *self,
                             const gchar    *data,
                             gsize           length);

G_END_DECLS
