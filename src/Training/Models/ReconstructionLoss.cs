namespace MusicDashboard.Training.Models;

public enum ReconstructionLoss { Mse, Bernoulli }
