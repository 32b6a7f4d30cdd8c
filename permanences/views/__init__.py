"""The permanences app's pages, one module per audience: `public` (sessions and booking), `me`
(one's bookings across tenants, releasing a place), `staff` (sessions and monthly templates),
`desk` (booking on someone's behalf, staff cancellations and moves), `host` (a session's
registrants, attendance, exports) and `survey` (the signed satisfaction questionnaire)."""
