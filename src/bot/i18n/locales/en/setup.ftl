# Presses checked against their message, and a moderator group the bot lost (issue 9).
press-wrong-message = This button does not belong to this message. Nothing was changed.
