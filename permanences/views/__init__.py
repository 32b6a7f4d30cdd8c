"""The permanences app's pages, one module per audience: `public` (sessions, booking, one's
bookings), `staff` (sessions and monthly templates), `desk` (booking on someone's behalf,
staff cancellations and moves), `host` (a session's registrants, attendance, exports) and
`survey` (the signed satisfaction questionnaire)."""
