using Bot.Hosting;

return await BotApplication.RunAsync(args);
