"""The caseload's pages, one module per subject: dossiers (the case manager's home, a dossier
and its timeline), campaigns (campaigns and the call queue), data (imports, exports, the old
journal address, the person's own data under /moi/), survey (the follow-up questionnaire)."""
