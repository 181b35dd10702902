/* ferry-types.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _FerryApprovalPolicy FerryApprovalPolicy;
typedef struct _FerryBuild          FerryBuild;
typedef struct _FerryEndpoint       FerryEndpoint;
typedef struct _FerryEnvironment    FerryEnvironment;
typedef struct _FerryFreezeWindow   FerryFreezeWindow;
typedef struct _FerryRepo           FerryRepo;
typedef struct _FerryService        FerryService;
typedef struct _FerryTarget         FerryTarget;
typedef struct _FerryTeam           FerryTeam;
typedef struct _FerryWorkspace      FerryWorkspace;

typedef enum
{
  FERRY_TARGET_LOCAL,
  FERRY_TARGET_KUBERNETES,
  FERRY_TARGET_GITHUB_ACTIONS,
  FERRY_TARGET_GITLAB,
  FERRY_TARGET_JENKINS,
} FerryTargetKind;

typedef enum
{
  FERRY_REPO_STATE_UNKNOWN,      /* not inspected yet, or no url */
  FERRY_REPO_STATE_READY,        /* opened with libgit2 */
  FERRY_REPO_STATE_MISSING,      /* the path does not exist */
  FERRY_REPO_STATE_NOT_GIT,      /* it exists but is not a git repository */
  FERRY_REPO_STATE_REMOTE,       /* a URL that is not cloned */
} FerryRepoState;

G_END_DECLS
