"""Demo data for development and trials (`voiceagent seed-demo`): made-up companies, bots, calls
and bookings, written through the services as a real sign-up and real calls would be. Kept out
of services/, which holds only the domain's rules."""
