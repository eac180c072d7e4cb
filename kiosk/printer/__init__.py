"""Getting receipt bytes onto paper: transports, printer status, the spool and the service.

Nothing here knows what a receipt says; the receipt layout knows nothing of ports.
"""
