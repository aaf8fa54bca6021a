# Presses checked against their message, and a moderator group the bot lost (issue 9).
press-wrong-message = This button does not belong to this message. Nothing was changed.
chat-unreachable =
    ⚠️ <b>Saluran cannot post in group/channel { $chat }</b> ({ $error }).
    The bot was removed or lost its rights. Messages for that group (case cards and the rest) are kept, not lost: add the bot back as an administrator of the group, and everything is sent as soon as it is back.
